#!/usr/bin/env bash
# Directory benchmark (issue C1 "Foundation"): seeds 100,000 organisations and 500,000
# people, then measures a signed-in war room search and an organisation page with wrk
# (64 connections on 127.0.0.1), next to /api/health of the same server as the ceiling,
# on SQLite and on PostgreSQL. Target: p99 under 20 ms and at least a third of the
# health route's throughput. Not a test: it prints tables, it does not fail on a miss.
#
# usage: bench/directory/run.sh [--quick] [--engine sqlite|postgres|both] [--duration S]
#                               [--rounds N] [--workers N] [--connections N] [--no-build]
#   --quick      10,000 organisations / 50,000 people and 5 s runs (a smoke test)
#   --duration   seconds per wrk run (default 15, 5 with --quick)
#   --rounds     times every route is measured, health first in each round (default 3);
#                the table shows each route's median round, so that one slow or fast
#                moment of a shared machine does not decide the verdict
#   --workers    warroomd --workers (default 8, the server's default)
# Results go to bench/out/directory/<timestamp>/ (results.jsonl, table.txt, logs).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../../scripts/lib/common.sh
source "$HERE/../../scripts/lib/common.sh" # sets ROOT and cds there

QUICK=0 ENGINES="both" DURATION="" ROUNDS=3 WORKERS=8 CONNECTIONS=64 THREADS=2 BUILD=1
ORGS=100000 PEOPLE=500000
while (($#)); do
  case "$1" in
    --quick) QUICK=1 ;;
    --engine) ENGINES="$2"; shift ;;
    --duration) DURATION="$2"; shift ;;
    --rounds) ROUNDS="$2"; shift ;;
    --workers) WORKERS="$2"; shift ;;
    --connections) CONNECTIONS="$2"; shift ;;
    --organisations) ORGS="$2"; shift ;;
    --people) PEOPLE="$2"; shift ;;
    --no-build) BUILD=0 ;;
    -h | --help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
if ((QUICK)); then
  ORGS=10000 PEOPLE=50000
  DURATION="${DURATION:-5}"
fi
DURATION="${DURATION:-15}"
[[ "$ENGINES" == both ]] && ENGINES="sqlite postgres"

command -v wrk >/dev/null || { log "wrk is missing (apt-get install wrk)"; exit 2; }
REFERENCE="$(reference_data_dir)"
[[ -n "$REFERENCE" && -f "$REFERENCE/be_regions.csv" ]] ||
  { log "no reference data: set WARROOM_REFERENCE_DATA"; exit 2; }

STAMP="$(date +%Y%m%d-%H%M%S)$( ((QUICK)) && echo -quick || true)"
OUT="$ROOT/bench/out/directory/$STAMP"
mkdir -p "$OUT"
RESULTS="$OUT/results.jsonl"
: >"$RESULTS"

# ---- build -------------------------------------------------------------------------------
# The release preset (build/release), as the run command uses.
BUILD_DIR="build/release"
if ((BUILD)); then
  [[ -f "$BUILD_DIR/CMakeCache.txt" ]] || cmake --preset release >/dev/null
  log "building warroomd, warroom, warroom-bench-seed (release preset)"
  cmake --build --preset release -j2 --target warroomd warroom warroom-bench-seed
fi
WARROOMD="$(find "$BUILD_DIR" -type f -name warroomd -perm -u+x | head -1)"
SEED="$(find "$BUILD_DIR" -type f -name warroom-bench-seed -perm -u+x | head -1)"
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
trap stop_server EXIT

# start_server URL DATA_DIR LOG: starts warroomd on a free loopback port; sets BASE.
start_server() {
  local url="$1" data="$2" logfile="$3"
  "$WARROOMD" --listen 127.0.0.1:0 --insecure-cookies --database "$url" --data-dir "$data" \
    --workers "$WORKERS" >"$logfile.out" 2>"$logfile" &
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

json_field() { /usr/bin/python3 -c 'import json,sys; print(json.loads(sys.stdin.read())[sys.argv[1]])' "$1"; }

# sign_in TOKEN: the analyst's set-up link → password → TOTP enrolment → full session.
# Sets COOKIE (the wr_session value) and BEARER (an API token with directory:read).
sign_in() {
  local token="$1" jar="$OUT/cookies.txt" csrf secret uri code
  rm -f "$jar"
  local password="Granite-Orbit-Lantern-Velvet-$(date +%s)"
  curl -sf -c "$jar" -b "$jar" -H 'Content-Type: application/json' \
    -d "{\"password\":\"$password\"}" "$BASE/api/account-links/$token" >/dev/null ||
    { log "set-up link refused"; return 1; }
  csrf="$(curl -sf -b "$jar" "$BASE/api/auth/session" | json_field csrf_token)"
  local enrolment
  enrolment="$(curl -sf -c "$jar" -b "$jar" -X POST -H "X-CSRF-Token: $csrf" \
    "$BASE/api/auth/totp/enrolment")" || { log "TOTP enrolment refused"; return 1; }
  uri="$(echo "$enrolment" | json_field otpauth_uri)"
  code="$(/usr/bin/python3 "$HERE/totp.py" "$uri")"
  curl -sf -c "$jar" -b "$jar" -H 'Content-Type: application/json' -H "X-CSRF-Token: $csrf" \
    -d "{\"code\":\"$code\"}" "$BASE/api/auth/totp/enrolment/confirm" >/dev/null ||
    { log "TOTP confirmation refused"; return 1; }
  COOKIE="$(awk '$6 == "wr_session" {print $7}' "$jar" | tail -1)"
  local stage
  stage="$(curl -sf -H "Cookie: wr_session=$COOKIE" "$BASE/api/auth/session" | json_field stage)"
  [[ "$stage" == full ]] || { log "session stage is $stage, not full"; return 1; }
  csrf="$(curl -sf -H "Cookie: wr_session=$COOKIE" "$BASE/api/auth/session" | json_field csrf_token)"
  BEARER="$(curl -sf -H "Cookie: wr_session=$COOKIE" -H "X-CSRF-Token: $csrf" \
    -H 'Content-Type: application/json' -d '{"name":"bench","scopes":["directory:read"]}' \
    "$BASE/api/tokens" | json_field token)" || BEARER=""
}

# measure ENGINE LABEL PATH [HEADER]: checks the route answers 200, then runs wrk.
measure() {
  local engine="$1" label="$2" path="$3" header="${4:-}" shown="$3"
  local args=(-c "$CONNECTIONS" -t "$THREADS" -d "${DURATION}s" --latency -s "$HERE/report.lua")
  [[ -n "$header" ]] && args+=(-H "$header")
  local status
  status="$(curl -s -o "$OUT/$engine-$label.json" -w '%{http_code}' ${header:+-H "$header"} "$BASE$path")"
  [[ "$status" == 200 ]] || { log "$label: $path answered $status"; head -c 300 "$OUT/$engine-$label.json" >&2; return 1; }
  [[ "$header" == Authorization* ]] && shown="$path (Bearer)"
  log "$engine: round $ROUND/$ROUNDS: wrk $label $shown"
  wrk "${args[@]}" "$BASE$path" >"$OUT/$engine-$label.r$ROUND.wrk.txt"
  local line
  line="$(sed -n 's/^WRK_JSON //p' "$OUT/$engine-$label.r$ROUND.wrk.txt")"
  /usr/bin/python3 - "$engine" "$label" "$shown" "$line" "$META" "$ROUND" >>"$RESULTS" <<'PY'
import json, sys
engine, label, route, line, meta, round_ = sys.argv[1:7]
r = json.loads(line)
r.update(engine=engine, label=label, route=route, round=int(round_), meta=json.loads(meta))
print(json.dumps(r))
PY
}

# measure_database_alone ENGINE: PostgreSQL's own ceiling on this machine, for the
# PostgreSQL rows to be read against. pgbench, with wrk's connections and threads and no
# HTTP server, runs the SQL of a signed-in q=sint search: the two read transactions that
# warroomd runs (the session with its user, as AccountStore::FindSessionWithUser; the
# first page, as DirectoryStore::ListOrganisations for one word), then that search
# statement alone. Per-transaction latencies come from pgbench's log (-l).
measure_database_alone() {
  local engine="$1" hash
  command -v pgbench >/dev/null || { log "$engine: no pgbench, no database-alone rows"; return 0; }
  hash="$(psql -Atq -h 127.0.0.1 -U warroom -d warroom_bench -c \
    "SELECT id_hash FROM sessions WHERE stage = 'full' ORDER BY created_at DESC LIMIT 1")"
  local session_sql search_sql
  session_sql="SELECT u.id, u.email, u.display_name, u.role, u.organisation_id, o.name_nl,
 u.person_id, u.status, u.password_hash, u.totp_secret, u.totp_last_step, u.preferred_language,
 u.last_sign_in_at, u.version, u.created_at, u.updated_at, s.id_hash, s.user_id, s.stage,
 s.csrf_token, s.pending_totp_secret, s.address, s.created_at, s.last_seen_at, s.expires_at
 FROM users u JOIN organisations o ON o.id = u.organisation_id JOIN sessions s ON s.user_id = u.id
 WHERE s.id_hash = '$hash';"
  search_sql="SELECT o.id, o.kind, o.nis_code, o.external_id, o.name_nl, o.name_fr, o.name_de,
 o.name_en, o.region_nis, o.province_nis, o.parent_id, o.merged_into_id, o.status, o.is_demo,
 o.spoc_person_id, o.deputy_count, o.has_out_of_band, o.contacts_verified_min, o.version,
 o.created_at, o.updated_at, o.name_sort, sp.id, sp.full_name
 FROM organisation_search_keys k CROSS JOIN organisations o LEFT JOIN people sp ON sp.id = o.spoc_person_id
 WHERE 1 = 1 AND o.id = k.organisation_id AND k.search_key = 'sint'
 ORDER BY k.name_sort, k.organisation_id LIMIT 26;"
  local read="BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;"
  # pgbench takes one statement per line.
  printf '%s\n%s\nCOMMIT;\n%s\n%s\nCOMMIT;\n' "$read" "$(echo "$session_sql" | tr '\n' ' ')" \
    "$read" "$(echo "$search_sql" | tr '\n' ' ')" >"$OUT/pg-session-search.sql"
  echo "$search_sql" | tr '\n' ' ' >"$OUT/pg-search.sql"
  local label script shown
  for ((ROUND = 1; ROUND <= ROUNDS; ROUND++)); do
    for label in db-session-search db-search; do
      if [[ "$label" == db-session-search ]]; then
        script="$OUT/pg-session-search.sql" shown="PostgreSQL alone: session + search (pgbench)"
      else
        script="$OUT/pg-search.sql" shown="PostgreSQL alone: the search statement (pgbench)"
      fi
      log "$engine: round $ROUND/$ROUNDS: pgbench $label"
      local logs="$OUT/pgbench-$label-r$ROUND"
      rm -rf "$logs" && mkdir -p "$logs"
      # A failed pgbench costs its row, not the routes measured before it.
      if ! (cd "$logs" && pgbench -h 127.0.0.1 -U warroom -n -M prepared -c "$CONNECTIONS" \
        -j "$THREADS" -T "$DURATION" -l -f "$script" warroom_bench >"$logs/pgbench.txt" 2>&1); then
        log "$engine: pgbench $label failed: $(tail -c 300 "$logs/pgbench.txt")"
        continue
      fi
      /usr/bin/python3 - "$engine" "$label" "$shown" "$logs" "$META" "$ROUND" >>"$RESULTS" <<'PY'
import glob, json, re, sys
engine, label, route, logs, meta, round_ = sys.argv[1:7]
text = open(f"{logs}/pgbench.txt", encoding="utf-8").read()
tps = float(re.search(r"tps = ([0-9.]+)", text).group(1))
# Each log line: client transaction latency_us script epoch_s epoch_us.
lat = sorted(int(line.split()[2]) for f in glob.glob(f"{logs}/pgbench_log.*")
             for line in open(f, encoding="utf-8") if line.strip())
def pct(p):
    return lat[min(len(lat) - 1, int(p * len(lat)))] / 1000.0 if lat else 0.0
r = dict(rps=tps, p50_ms=pct(0.50), p99_ms=pct(0.99), non2xx=0, connect_errors=0,
         read_errors=0, write_errors=0, timeouts=0)
r.update(engine=engine, label=label, route=route, round=int(round_), meta=json.loads(meta))
print(json.dumps(r))
PY
      rm -f "$logs"/pgbench_log.*
    done
  done
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
    dropdb -h 127.0.0.1 -U warroom --if-exists warroom_bench
    createdb -h 127.0.0.1 -U warroom warroom_bench
    url="postgresql://warroom:warroom-test-only@127.0.0.1:5432/warroom_bench"
  fi

  log "$engine: seeding $ORGS organisations, $PEOPLE people"
  local seeded
  seeded="$("$SEED" --database "$url" --data-dir "$data" --reference-data "$REFERENCE" \
    --organisations "$ORGS" --people "$PEOPLE" 2> >(tee "$OUT/$engine-seed.log" >&2))"
  echo "$seeded" >"$OUT/$engine-seed.json"
  if [[ "$engine" == postgres ]]; then
    psql -q -h 127.0.0.1 -U warroom -d warroom_bench -c 'VACUUM ANALYZE' >/dev/null
  fi
  local detail_id rare_q token
  detail_id="$(echo "$seeded" | json_field detail_id)"
  token="$(echo "$seeded" | json_field setup_token)"
  rare_q="$(echo "$seeded" | /usr/bin/python3 -c \
    'import json,sys,urllib.parse; print(urllib.parse.quote(json.load(sys.stdin)["rare_name"]))')"
  META="$(echo "$seeded" | /usr/bin/python3 -c "
import json,sys; s=json.load(sys.stdin)
print(json.dumps(dict(organisations=s['organisations'], people=s['people'],
  seed_seconds=round(s['seed_seconds'],1), total_seconds=round(s['total_seconds'],1), connections=$CONNECTIONS, threads=$THREADS,
  duration=$DURATION, workers=$WORKERS)))")"

  start_server "$url" "$data" "$OUT/$engine-warroomd.log"
  log "$engine: warroomd at $BASE"
  sign_in "$token"
  local c="Cookie: wr_session=$COOKIE"

  # The web app asks for pages of 25 (web/src/features/directory/api.ts, PAGE_SIZE).
  local page=25
  for ((ROUND = 1; ROUND <= ROUNDS; ROUND++)); do
    measure "$engine" health "/api/health"
    measure "$engine" search-common "/api/organisations?q=sint&limit=$page" "$c"
    if ((ROUND == 1)); then
      local n
      n="$(/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["items"]), d["next_cursor"] is not None)' "$OUT/$engine-search-common.json")"
      log "$engine: q=sint gives $n (items, next page)"
    fi
    measure "$engine" search-rare "/api/organisations?q=$rare_q&limit=$page" "$c"
    measure "$engine" organisation "/api/organisations/$detail_id" "$c"
    if [[ -n "$BEARER" ]]; then
      measure "$engine" search-common-token "/api/organisations?q=sint&limit=$page" \
        "Authorization: Bearer $BEARER"
      measure "$engine" organisation-token "/api/organisations/$detail_id" \
        "Authorization: Bearer $BEARER"
    fi
  done
  stop_server
  if [[ "$engine" == postgres ]]; then
    measure_database_alone "$engine"
  fi
}

log "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (shared machines give noisy numbers)"
for engine in $ENGINES; do
  run_engine "$engine"
done
/usr/bin/python3 "$HERE/table.py" "$RESULTS" | tee "$OUT/table.txt"
echo "results: ${OUT#"$ROOT"/}"
