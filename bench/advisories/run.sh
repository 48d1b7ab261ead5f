#!/usr/bin/env bash
# Advisories benchmark (issue 12): an advisory to 10,000 organisations, each with a SPOC and
# a deputy (both with a work e-mail), through the real warroomd HTTP API and a real local
# SMTP server, on SQLite and on PostgreSQL. Prints, per engine:
#   1. the time of POST /api/advisories/{id}/approve (audience "all": freeze + enqueue), < 1 s
#   2. mails per second accepted by the SMTP server from warroomd's dispatcher, next to what
#      the same server accepts from a minimal client (python3 smtplib) in the same run
#   3. acknowledgement link clicks at a constant 200/s with 200 live boards (SSE): p50, p99
#      (p99 < 150 ms)
#   4. the time from a click to its event at all 200 boards (< 1 s)
#   5. kill -9 of warroomd in the middle of the clicks, restart: acknowledged clicks (2xx)
#      still present (all)
# Not a test: it prints a table, it does not fail on a miss.
#
# usage: bench/advisories/run.sh [--quick] [--engine sqlite|postgres|both] [--organisations N]
#                                [--rate R] [--boards N] [--duration S] [--no-build] [--send-only]
#   --quick      2,000 organisations, 5 s of clicks (a smoke test)
#   --send-only  measure 1 and 2 (approve, then the dispatcher) and stop
#   --duration   seconds of clicks in the measured phase (default 20; the kill phase is 10)
# Results go to bench/out/advisories/<timestamp>/ (results.jsonl, table.txt, logs, mails).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../../scripts/lib/common.sh
source "$HERE/../../scripts/lib/common.sh" # sets ROOT and cds there

QUICK=0 ENGINES="both" ORGS=10000 RATE=200 BOARDS=200 DURATION=20 KILL_DURATION=10 BUILD=1
WORKERS=8 CEILING=1000 MAIL_TIMEOUT=300 SEND_ONLY=0
while (($#)); do
  case "$1" in
    --quick) QUICK=1 ;;
    --engine) ENGINES="$2"; shift ;;
    --organisations) ORGS="$2"; shift ;;
    --rate) RATE="$2"; shift ;;
    --boards) BOARDS="$2"; shift ;;
    --duration) DURATION="$2"; shift ;;
    --workers) WORKERS="$2"; shift ;;
    --no-build) BUILD=0 ;;
    --send-only) SEND_ONLY=1 ;;
    -h | --help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
if ((QUICK)); then
  ORGS=2000 DURATION=5 KILL_DURATION=4 CEILING=300
fi
[[ "$ENGINES" == both ]] && ENGINES="sqlite postgres"
PY=/usr/bin/python3
LOAD="$HERE/load.py"

# The SMTP server (aiosmtpd, as the tests use) and curl; installed when missing.
if ! "$PY" -c 'import aiosmtpd' 2>/dev/null || ! command -v curl >/dev/null; then
  log "installing python3-aiosmtpd and curl"
  sudo apt-get install -y python3-aiosmtpd curl >/dev/null
fi
REFERENCE="$(reference_data_dir)"
[[ -n "$REFERENCE" && -f "$REFERENCE/be_regions.csv" ]] ||
  { log "no reference data: set WARROOM_REFERENCE_DATA"; exit 2; }

STAMP="$(date +%Y%m%d-%H%M%S)$( ((QUICK)) && echo -quick || true)"
OUT="$ROOT/bench/out/advisories/$STAMP"
mkdir -p "$OUT"
RESULTS="$OUT/results.jsonl"
: >"$RESULTS"

# ---- build -------------------------------------------------------------------------------
BUILD_DIR="build/release"
if ((BUILD)); then
  [[ -f "$BUILD_DIR/CMakeCache.txt" ]] || cmake --preset release >/dev/null
  log "building warroomd and warroom-bench-advisories-seed (release preset)"
  cmake --build --preset release -j2 --target warroomd warroom-bench-advisories-seed
fi
WARROOMD="$(find "$BUILD_DIR" -type f -name warroomd -perm -u+x | head -1)"
SEED="$(find "$BUILD_DIR" -type f -name warroom-bench-advisories-seed -perm -u+x | head -1)"
[[ -x "$WARROOMD" && -x "$SEED" ]] || { log "binaries not found under $BUILD_DIR"; exit 2; }

# ---- helpers -----------------------------------------------------------------------------
SERVER_PID=""
stop_server() {
  if [[ -n "$SERVER_PID" ]]; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  fi
}
SINK_PID="" SMTP_PORT="" MAILDIR=""
# start_sink DIR: the SMTP server the tests use (scripts/lib/smtp_sink.py, aiosmtpd) on a
# free loopback port, storing every message in the maildir DIR (which must not exist yet:
# Python's Maildir creates cur/new/tmp only for a new folder).
start_sink() {
  MAILDIR="$1"
  SMTP_PORT="$("$PY" -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')"
  "$PY" "$ROOT/scripts/lib/smtp_sink.py" --port "$SMTP_PORT" --maildir "$MAILDIR" &
  SINK_PID=$!
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$SMTP_PORT") 2>/dev/null && return 0
    sleep 0.1
  done
  log "the SMTP sink did not start"
  exit 2
}
stop_sink() {
  if [[ -n "$SINK_PID" ]]; then
    kill -TERM "$SINK_PID" 2>/dev/null || true
    wait "$SINK_PID" 2>/dev/null || true
    SINK_PID=""
  fi
}
cleanup() {
  stop_server
  stop_sink
}
trap cleanup EXIT

# start_server URL DATA_DIR LOG: warroomd on a free loopback port, mailing to the SMTP
# sink; sets BASE.
start_server() {
  local url="$1" data="$2" logfile="$3"
  "$WARROOMD" --listen 127.0.0.1:0 --insecure-cookies --database "$url" --data-dir "$data" \
    --workers "$WORKERS" --smtp "smtp://127.0.0.1:$SMTP_PORT" \
    --mail-from warroom@bench.warroom.test --public-url http://warroom.bench.test \
    >"$logfile.out" 2>"$logfile" &
  SERVER_PID=$!
  local port=""
  for _ in $(seq 1 300); do
    port="$(sed -n 's#^warroom is running at http://127.0.0.1:\([0-9]*\)$#\1#p' "$logfile.out")"
    [[ -n "$port" ]] && break
    kill -0 "$SERVER_PID" 2>/dev/null || { log "warroomd exited:"; tail -5 "$logfile" >&2; exit 2; }
    sleep 0.1
  done
  [[ -n "$port" ]] || { log "warroomd did not start"; exit 2; }
  BASE="http://127.0.0.1:$port"
}

json_field() { "$PY" -c 'import json,sys; print(json.loads(sys.stdin.read())[sys.argv[1]])' "$1"; }

# sign_in TOKEN NAME: set-up link → password → TOTP enrolment → a full session.
# Sets COOKIE and CSRF.
sign_in() {
  local token="$1" jar="$OUT/cookies-$2.txt" uri code enrolment password
  rm -f "$jar"
  password="Granite-Orbit-Lantern-Velvet-$(date +%s)"
  curl -sf -c "$jar" -b "$jar" -H 'Content-Type: application/json' \
    -d "{\"password\":\"$password\"}" "$BASE/api/account-links/$token" >/dev/null ||
    { log "set-up link refused"; return 1; }
  CSRF="$(curl -sf -b "$jar" "$BASE/api/auth/session" | json_field csrf_token)"
  enrolment="$(curl -sf -c "$jar" -b "$jar" -X POST -H "X-CSRF-Token: $CSRF" \
    "$BASE/api/auth/totp/enrolment")" || { log "TOTP enrolment refused"; return 1; }
  uri="$(echo "$enrolment" | json_field otpauth_uri)"
  code="$("$PY" "$HERE/../directory/totp.py" "$uri")"
  curl -sf -c "$jar" -b "$jar" -H 'Content-Type: application/json' -H "X-CSRF-Token: $CSRF" \
    -d "{\"code\":\"$code\"}" "$BASE/api/auth/totp/enrolment/confirm" >/dev/null ||
    { log "TOTP confirmation refused"; return 1; }
  COOKIE="$(awk '$6 == "wr_session" {print $7}' "$jar" | tail -1)"
  CSRF="$(curl -sf -H "Cookie: wr_session=$COOKIE" "$BASE/api/auth/session" | json_field csrf_token)"
}

record() { # record ENGINE METRIC JSON
  "$PY" -c 'import json,sys; d=json.loads(sys.argv[3]); d.update(engine=sys.argv[1], metric=sys.argv[2]); print(json.dumps(d))' \
    "$1" "$2" "$3" >>"$RESULTS"
}

# ---- one engine --------------------------------------------------------------------------
run_engine() {
  local engine="$1" url data
  data="$OUT/$engine-data"
  mkdir -p "$data"
  if [[ "$engine" == sqlite ]]; then
    url="sqlite://$data/warroom.db"
  else
    start_postgres
    export PGPASSWORD=warroom-test-only
    dropdb -h 127.0.0.1 -U warroom --if-exists warroom_bench_advisories
    createdb -h 127.0.0.1 -U warroom warroom_bench_advisories
    url="postgresql://warroom:warroom-test-only@127.0.0.1:5432/warroom_bench_advisories"
  fi

  log "$engine: seeding $ORGS organisations with a SPOC and a deputy each"
  local seeded
  seeded="$("$SEED" --database "$url" --data-dir "$data" --reference-data "$REFERENCE" \
    --organisations "$ORGS" 2> >(tee "$OUT/$engine-seed.log" >&2))"
  echo "$seeded" >"$OUT/$engine-seed.json"
  if [[ "$engine" == postgres ]]; then
    psql -q -h 127.0.0.1 -U warroom -d warroom_bench_advisories -c 'VACUUM ANALYZE' >/dev/null
  fi
  local with_spoc
  with_spoc="$(echo "$seeded" | json_field with_spoc)"
  record "$engine" seed "$seeded"

  # A fresh SMTP sink per engine; its ceiling first, while nothing else runs.
  local maildir="$OUT/$engine-maildir"
  start_sink "$maildir"
  log "$engine: SMTP ceiling: $CEILING messages from python3 smtplib"
  record "$engine" ceiling "$("$PY" "$LOAD" ceiling --port "$SMTP_PORT" --count "$CEILING")"
  local base_count
  base_count="$(find "$maildir/new" -type f | wc -l)"

  start_server "$url" "$data" "$OUT/$engine-warroomd.log"
  log "$engine: warroomd at $BASE"
  sign_in "$(echo "$seeded" | json_field author_token)" author
  local author_cookie="$COOKIE" author_csrf="$CSRF"
  sign_in "$(echo "$seeded" | json_field approver_token)" approver
  local cookie="$COOKIE" csrf="$CSRF"

  # The draft, by the author: audience "all".
  local draft="$OUT/$engine-draft.json" headers="$OUT/$engine-draft.headers" id etag
  curl -sf -D "$headers" -o "$draft" -H "Cookie: wr_session=$author_cookie" \
    -H "X-CSRF-Token: $author_csrf" -H 'Content-Type: application/json' \
    -d '{"severity":"alert","tlp":"clear","audience":{"all":true},"texts":{
      "nl":{"title":"Kritieke kwetsbaarheid in VPN-toestellen","body":"Patch **vandaag**.","action_points":["Patch","Controleer de logs"]},
      "fr":{"title":"Vulnérabilité critique des VPN","body":"Corrigez **aujourd'"'"'hui**.","action_points":["Corriger","Vérifier les journaux"]}}}' \
    "$BASE/api/advisories" || { log "draft refused"; return 1; }
  id="$(json_field id <"$draft")"
  etag="$(sed -n 's/^[Ee][Tt]ag: *\([^[:space:]]*\).*/\1/p' "$headers" | tr -d '\r')"

  # 1. Approve: the audience is frozen and every first-stage mail enqueued in this call.
  log "$engine: approving advisory $id (audience all)"
  local start approve_json
  start="$("$PY" -c 'import time; print(time.time())')"
  approve_json="$(curl -s -o "$OUT/$engine-approved.json" \
    -w '{"status":%{http_code},"seconds":%{time_total}}' -X POST \
    -H "Cookie: wr_session=$cookie" -H "X-CSRF-Token: $csrf" -H "If-Match: $etag" \
    "$BASE/api/advisories/$id/approve")"
  local recipients
  recipients="$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1])).get("recipient_count"))' \
    "$OUT/$engine-approved.json" 2>/dev/null || echo null)"
  record "$engine" approve "$("$PY" -c 'import json,sys; d=json.loads(sys.argv[1]); d["recipients"]=sys.argv[2]; print(json.dumps(d))' "$approve_json" "$recipients")"
  log "$engine: approve: $approve_json, recipients $recipients"

  # 2. The dispatcher: one mail per SPOC (the first stage of the default policy).
  log "$engine: waiting for $with_spoc mails"
  record "$engine" dispatch "$("$PY" "$LOAD" wait-mail --maildir "$maildir" --expect "$with_spoc" \
    --base "$base_count" --start "$start" --timeout "$MAIL_TIMEOUT")"
  if ((SEND_ONLY)); then
    stop_server
    stop_sink
    return 0
  fi
  "$PY" "$LOAD" tokens --maildir "$maildir" --out "$OUT/$engine-links.txt" >/dev/null
  "$PY" "$LOAD" board --base "$BASE" --cookie "$cookie" --advisory "$id" \
    --names "$OUT/$engine-names.tsv" >/dev/null

  # 3 and 4. Clicks at a constant rate, with the boards connected as the approver.
  log "$engine: $RATE clicks/s for $DURATION s with $BOARDS live boards"
  record "$engine" clicks "$("$PY" "$LOAD" clicks --base "$BASE" --cookie "$cookie" \
    --advisory "$id" --tokens "$OUT/$engine-links.txt" --names "$OUT/$engine-names.tsv" \
    --rate "$RATE" --duration "$DURATION" --boards "$BOARDS")"

  # 3a. The floor of 3: the same client, rate and boards against GET /api/health (no write,
  # no event), so the click figures can be read against what the machine adds by itself.
  log "$engine: floor: GET /api/health at $RATE/s for $DURATION s with $BOARDS boards"
  record "$engine" floor "$("$PY" "$LOAD" clicks --base "$BASE" --cookie "$cookie" \
    --advisory "$id" --tokens "$OUT/$engine-links.txt" --names "$OUT/$engine-names.tsv" \
    --rate "$RATE" --duration "$DURATION" --boards "$BOARDS" --floor --settle 0.5)"

  # 5. The same again, with kill -9 half-way; then a restart and the board.
  log "$engine: $RATE clicks/s for $KILL_DURATION s, kill -9 warroomd after $((KILL_DURATION / 2)) s"
  local skip killed
  skip="$("$PY" -c "print(int($RATE * $DURATION))")"
  killed="$("$PY" "$LOAD" clicks --base "$BASE" --cookie "$cookie" --advisory "$id" \
    --tokens "$OUT/$engine-links.txt" --names "$OUT/$engine-names.tsv" --rate "$RATE" \
    --duration "$KILL_DURATION" --boards "$BOARDS" --skip "$skip" --settle 0.5 \
    --kill-pid "$SERVER_PID" --kill-at "$((KILL_DURATION / 2))" --ok-out "$OUT/$engine-acked.txt")"
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
  start_server "$url" "$data" "$OUT/$engine-warroomd-restart.log"
  local present
  present="$("$PY" "$LOAD" board --base "$BASE" --cookie "$cookie" --advisory "$id" \
    --check "$OUT/$engine-acked.txt")"
  record "$engine" kill "$("$PY" -c 'import json,sys; d=json.loads(sys.argv[1]); d.update(after_restart=json.loads(sys.argv[2])); print(json.dumps(d))' "$killed" "$present")"
  stop_server
  stop_sink
}

log "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (shared machines give noisy numbers)"
for engine in $ENGINES; do
  run_engine "$engine"
done
"$PY" "$HERE/table.py" "$RESULTS" | tee "$OUT/table.txt"
echo "results: ${OUT#"$ROOT"/}"
