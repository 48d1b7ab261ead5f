#!/usr/bin/python3
"""Load tools for the advisories benchmark (bench/advisories/run.sh). Standard library only.

Subcommands (each prints one JSON object on stdout):
  ceiling     what the SMTP server accepts from a minimal client (smtplib), one connection
              per message as warroomd's libcurl transport does, and over one connection
  wait-mail   waits until a maildir holds N messages; the time and rate from a start time
  tokens      reads the acknowledgement links out of the delivered mails
  board       one advisory's board (war room session): organisation id by name, acks
  clicks      open-loop acknowledgement clicks at a constant rate with live SSE boards;
              optionally kill -9 warroomd in the middle
"""
import argparse
import asyncio
import email
import email.policy
import json
import multiprocessing
import os
import re
import signal
import smtplib
import sys
import time
import urllib.request


def pct(values, p):
    if not values:
        return None
    v = sorted(values)
    return v[min(len(v) - 1, int(p * len(v)))]


# ---- SMTP ------------------------------------------------------------------------------

def message(i):
    return (f"From: bench@warroom.test\r\nTo: ceiling{i}@bench.test\r\n"
            f"Subject: ceiling {i}\r\nMessage-ID: <ceiling{i}@bench.test>\r\n\r\n" +
            ("x" * 74 + "\r\n") * 40).encode()  # about the size of an advisory mail


def cmd_ceiling(a):
    out = {}
    t0 = time.monotonic()
    for i in range(a.count):
        with smtplib.SMTP("127.0.0.1", a.port) as s:
            s.sendmail("bench@warroom.test", [f"ceiling{i}@bench.test"], message(i))
    dt = time.monotonic() - t0
    out["per_connection"] = {"messages": a.count, "seconds": dt, "rate": a.count / dt}
    t0 = time.monotonic()
    with smtplib.SMTP("127.0.0.1", a.port) as s:
        for i in range(a.count):
            s.sendmail("bench@warroom.test", [f"ceiling{i}@bench.test"], message(i))
    dt = time.monotonic() - t0
    out["one_connection"] = {"messages": a.count, "seconds": dt, "rate": a.count / dt}
    print(json.dumps(out))


def maildir_count(path):
    new = os.path.join(path, "new")
    return sum(1 for _ in os.scandir(new)) if os.path.isdir(new) else 0


def cmd_wait_mail(a):
    """Counts from a.base (mails there before); times against a.start (epoch seconds)."""
    deadline = time.time() + a.timeout
    first = None
    n = 0
    while time.time() < deadline:
        n = maildir_count(a.maildir) - a.base
        if n > 0 and first is None:
            first = time.time()
        if n >= a.expect:
            break
        time.sleep(0.05)
    end = time.time()
    print(json.dumps({"messages": n, "expected": a.expect, "seconds": end - a.start,
                      "first_after": (first - a.start) if first else None,
                      "rate": n / (end - a.start) if end > a.start else 0.0,
                      "rate_after_first": n / (end - first) if first and end > first else 0.0,
                      "complete": n >= a.expect}))


ACK = re.compile(r"/ack/([A-Za-z0-9_\-]+)")


def cmd_tokens(a):
    """One line per link: token, recipient address. Only mails of the given reference."""
    d = os.path.join(a.maildir, "new")
    seen = 0
    with open(a.out, "w", encoding="utf-8") as out:
        for entry in os.scandir(d):
            with open(entry.path, "rb") as f:
                msg = email.message_from_binary_file(f, policy=email.policy.default)
            to = str(msg.get("To", ""))
            if "ceiling" in to:
                continue
            body = msg.get_body(preferencelist=("plain",))
            text = body.get_content() if body is not None else ""
            m = ACK.search(text)
            if m:
                out.write(f"{m.group(1)} {to}\n")
                seen += 1
    print(json.dumps({"links": seen}))


# ---- HTTP ------------------------------------------------------------------------------

def get_json(base, path, cookie):
    req = urllib.request.Request(base + path, headers={"Cookie": f"wr_session={cookie}"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read())


def board(base, cookie, advisory):
    rows, cursor = [], ""
    while True:
        page = get_json(base, f"/api/advisories/{advisory}/board"
                        + (f"?cursor={cursor}" if cursor else ""), cookie)
        rows += page["items"]
        cursor = page.get("next_cursor")
        if not cursor:
            return rows


def cmd_board(a):
    rows = board(a.base, a.cookie, a.advisory)
    acked = [r["organisation"]["id"] for r in rows if r["acknowledged"]]
    out = {"rows": len(rows), "acknowledged": len(acked)}
    if a.check:
        clicked = [int(x) for x in open(a.check, encoding="utf-8").read().split()]
        ack_set = set(acked)
        out["clicked_2xx"] = len(clicked)
        out["clicked_2xx_present"] = sum(1 for o in clicked if o in ack_set)
    if a.names:
        with open(a.names, "w", encoding="utf-8") as f:
            for r in rows:
                f.write(f"{r['organisation']['id']}\t{r['organisation']['name']}\n")
    print(json.dumps(out))


# Every board and every clicking recipient is another machine: each gets its own loopback
# source address (all of 127.0.0.0/8 is local), as warroomd limits open streams and
# connections per address (64 and 256 by default).
def board_address(b):
    return (f"127.0.{1 + b // 250}.{1 + b % 250}", 0)


def click_address(i):
    return (f"127.1.{(i // 250) % 250}.{1 + i % 250}", 0)


class Http:
    def __init__(self, base):
        m = re.match(r"http://([^:/]+):(\d+)", base)
        self.host, self.port = m.group(1), int(m.group(2))

    async def request(self, method, path, headers=(), source=None):
        r, w = await asyncio.open_connection(self.host, self.port, local_addr=source)
        try:
            head = f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            for h in headers:
                head += h + "\r\n"
            head += "Content-Length: 0\r\nConnection: close\r\n\r\n"
            w.write(head.encode())
            await w.drain()
            status = int((await r.readline()).split()[1])
            length = None
            while True:
                line = await r.readline()
                if line in (b"\r\n", b"\n", b""):
                    break
                k, _, v = line.decode().partition(":")
                if k.strip().lower() == "content-length":
                    length = int(v)
            body = await (r.readexactly(length) if length is not None else r.read())
            return status, body
        finally:
            w.close()


ACK_EVENT = re.compile(rb"event: advisory\.acknowledged\r?\ndata: ([^\r\n]*)")
ORG_ID = re.compile(rb'"organisation_id":(\d+)')
ADVISORY_ID = re.compile(rb'"advisory_id":(\d+)')


async def sse_board(http, cookie, arrivals, ready, advisory, source):
    """One live board: GET /api/events; records when each acknowledgement event arrives.
    Reads whole chunks and looks only at acknowledgement events: 200 boards at 200 clicks/s
    are 40,000 events per second for this process to read."""
    try:
        r, w = await asyncio.open_connection(http.host, http.port, local_addr=source)
    except OSError:
        if not ready.done():
            ready.set_result(False)
        return
    w.write((f"GET /api/events HTTP/1.1\r\nHost: {http.host}:{http.port}\r\n"
             f"Cookie: wr_session={cookie}\r\nAccept: text/event-stream\r\n\r\n").encode())
    await w.drain()
    status = (await r.readline()).split()
    ok = len(status) > 1 and status[1] == b"200"
    if not ready.done():
        ready.set_result(ok)
    if not ok:
        w.close()
        return
    want = str(advisory).encode()
    tail = b""
    try:
        while True:
            chunk = await r.read(65536)
            if not chunk:
                break
            now = time.monotonic()
            buf = tail + chunk
            cut = buf.rfind(b"\n\n")
            if cut < 0:
                tail = buf
                continue
            tail = buf[cut + 2:]
            for data in ACK_EVENT.findall(buf, 0, cut + 2):
                a, o = ADVISORY_ID.search(data), ORG_ID.search(data)
                if a and o and a.group(1) == want:
                    arrivals.setdefault(int(o.group(1)), []).append(now)
    except (ConnectionError, OSError, asyncio.CancelledError):
        pass
    finally:
        w.close()


def boards_process(base, cookie, advisory, n, conn):
    """Runs the boards in their own process (the other core), so that reading their events
    does not delay the clicks' schedule. Sends the number connected, waits for "stop",
    then sends the arrival times (time.monotonic is the same clock in both processes)."""
    async def run():
        http = Http(base)
        arrivals, readies, tasks = {}, [], []
        for b in range(n):
            ready = asyncio.get_running_loop().create_future()
            readies.append(ready)
            tasks.append(asyncio.create_task(
                sse_board(http, cookie, arrivals, ready, advisory, board_address(b))))
            await asyncio.sleep(0.002)
        connected = sum(1 for ok in await asyncio.gather(*readies) if ok)
        conn.send(connected)
        await asyncio.get_running_loop().run_in_executor(None, conn.recv)
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        conn.send(arrivals)
    asyncio.run(run())


async def clicks(a):
    http = Http(a.base)
    names = {}
    for line in open(a.names, encoding="utf-8"):
        oid, name = line.rstrip("\n").split("\t", 1)
        names[name.rsplit(" ", 1)[-1]] = int(oid)
    links = []
    for line in open(a.tokens, encoding="utf-8"):
        token, to = line.split(" ", 1)
        serial = re.search(r"@org(\d+)\.", to).group(1)
        links.append((token, names[serial]))
    links = links[a.skip:]
    n = int(a.rate * a.duration)
    if len(links) < n:
        sys.exit(f"only {len(links)} links for {n} clicks")

    ctx = multiprocessing.get_context("spawn")
    mine, theirs = ctx.Pipe()
    proc = ctx.Process(target=boards_process,
                                   args=(a.base, a.cookie, a.advisory, a.boards, theirs))
    proc.start()
    connected = mine.recv()

    results = []

    async def click(i, token, org):
        t = time.monotonic()
        try:
            if a.floor:
                request = http.request("GET", "/api/health", source=click_address(i))
            else:
                request = http.request("POST", f"/api/advisory-links/{token}/acknowledge",
                                       source=click_address(i))
            status, _ = await asyncio.wait_for(request, 30)
        except (OSError, asyncio.TimeoutError, IndexError, ValueError,
                asyncio.IncompleteReadError):
            status = 0
        results.append((t, time.monotonic(), status, org))

    t0 = time.monotonic()
    killed_at = None
    tasks = []
    for i in range(n):
        due = t0 + i / a.rate
        if a.kill_pid and killed_at is None and due - t0 >= a.kill_at:
            os.kill(a.kill_pid, signal.SIGKILL)
            killed_at = time.monotonic() - t0
        delay = due - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(click(i, *links[i])))
    await asyncio.gather(*tasks)
    sent_for = time.monotonic() - t0
    await asyncio.sleep(a.settle)
    mine.send("stop")
    arrivals = mine.recv()
    proc.join()

    ok = [r for r in results if 200 <= r[2] < 300]
    lat = [(r[1] - r[0]) * 1000 for r in ok]
    fan, complete = [], 0
    for start, _, _, org in ok:
        times = arrivals.get(org, [])
        if len(times) >= connected and connected > 0:
            complete += 1
            fan.append((sorted(times)[connected - 1] - start) * 1000)
    if a.ok_out:
        with open(a.ok_out, "w", encoding="utf-8") as f:
            for r in ok:
                f.write(f"{r[3]}\n")
    print(json.dumps({
        "clicks": n, "rate": a.rate, "achieved_rate": n / sent_for, "boards": connected,
        "ok": len(ok), "errors": n - len(ok),
        "statuses": {str(s): sum(1 for r in results if r[2] == s)
                     for s in sorted({r[2] for r in results})},
        "p50_ms": pct(lat, 0.50), "p99_ms": pct(lat, 0.99), "max_ms": max(lat) if lat else None,
        "events_at_all_boards": complete,
        "fanout_p50_ms": pct(fan, 0.50), "fanout_p99_ms": pct(fan, 0.99),
        "fanout_max_ms": max(fan) if fan else None, "killed_at_s": killed_at}))


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("ceiling")
    c.add_argument("--port", type=int, required=True)
    c.add_argument("--count", type=int, default=1000)
    w = sub.add_parser("wait-mail")
    w.add_argument("--maildir", required=True)
    w.add_argument("--expect", type=int, required=True)
    w.add_argument("--base", type=int, default=0)
    w.add_argument("--start", type=float, required=True)
    w.add_argument("--timeout", type=float, default=300)
    t = sub.add_parser("tokens")
    t.add_argument("--maildir", required=True)
    t.add_argument("--out", required=True)
    b = sub.add_parser("board")
    for x in (b,):
        x.add_argument("--base", required=True)
        x.add_argument("--cookie", required=True)
        x.add_argument("--advisory", type=int, required=True)
    b.add_argument("--names")
    b.add_argument("--check")
    k = sub.add_parser("clicks")
    k.add_argument("--base", required=True)
    k.add_argument("--cookie", required=True)
    k.add_argument("--advisory", type=int, required=True)
    k.add_argument("--tokens", required=True)
    k.add_argument("--names", required=True)
    k.add_argument("--rate", type=float, default=200)
    k.add_argument("--duration", type=float, default=20)
    k.add_argument("--boards", type=int, default=200)
    k.add_argument("--skip", type=int, default=0)
    k.add_argument("--settle", type=float, default=2)
    k.add_argument("--kill-pid", type=int, default=0)
    k.add_argument("--kill-at", type=float, default=0)
    k.add_argument("--ok-out")
    # The machine's floor: the same client, rate and boards, but GET /api/health instead of
    # the click (no write, no event): what this load generator and machine add by themselves.
    k.add_argument("--floor", action="store_true")
    a = p.parse_args()
    if a.cmd == "ceiling":
        cmd_ceiling(a)
    elif a.cmd == "wait-mail":
        cmd_wait_mail(a)
    elif a.cmd == "tokens":
        cmd_tokens(a)
    elif a.cmd == "board":
        cmd_board(a)
    else:
        asyncio.run(clicks(a))


if __name__ == "__main__":
    main()
