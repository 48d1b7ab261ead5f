# Shared by scripts/run and scripts/test: install what is missing, build, start services.
# Sourced, not executed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

log() { printf '\033[1m[warroom]\033[0m %s\n' "$*" >&2; }

APT_PACKAGES=(
  build-essential cmake pkg-config git ca-certificates
  librestinio-dev libasio-dev libfmt-dev libhttp-parser-dev
  libsqlite3-dev sqlite3 libpq-dev postgresql postgresql-client
  nlohmann-json3-dev libsimdjson-dev libsodium-dev libssl-dev libcurl4-openssl-dev libcmark-dev
  libhowardhinnant-date-dev tzdata
  libspdlog-dev libcli11-dev libgtest-dev libgmock-dev libbenchmark-dev
  libvectorscan-dev libzstd-dev zstd zlib1g-dev libdeflate-dev
  chromium python3-aiosmtpd wrk ripgrep yara
  nodejs npm clang libclang-rt-14-dev
)

# Installs the Debian packages that are not installed yet, so a second run takes seconds.
install_packages() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  # The machine may ship its own Node.js outside dpkg; only ask apt for it when there is none.
  if command -v node >/dev/null && command -v npm >/dev/null; then
    local keep=()
    for p in "${missing[@]}"; do [[ "$p" == nodejs || "$p" == npm ]] || keep+=("$p"); done
    missing=("${keep[@]+"${keep[@]}"}")
  fi
  if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# The reference data folder: $WARROOM_REFERENCE_DATA, else ../shared/data beside the checkout.
reference_data_dir() {
  if [[ -n "${WARROOM_REFERENCE_DATA:-}" ]]; then
    echo "$WARROOM_REFERENCE_DATA"
  elif [[ -d "$ROOT/../shared/data" ]]; then
    (cd "$ROOT/../shared/data" && pwd)
  else
    echo ""
  fi
}

# build_cpp PRESET [TARGET...]: configure once, then build with both cores.
build_cpp() {
  local preset="$1"
  shift
  if [[ ! -f "build/$preset/CMakeCache.txt" ]]; then
    log "configuring ($preset)"
    cmake --preset "$preset" >/dev/null
  fi
  log "building ($preset)"
  if (($#)); then
    cmake --build --preset "$preset" -j "$(nproc)" --target "$@"
  else
    cmake --build --preset "$preset" -j "$(nproc)"
  fi
}

# build_web: npm ci (only when the lock file changed) and a production build.
build_web() {
  [[ -f web/package.json ]] || return 0
  (
    cd web
    local stamp=node_modules/.warroom-lock
    if [[ ! -f "$stamp" ]] || ! cmp -s package-lock.json "$stamp"; then
      log "installing web dependencies (npm ci)"
      npm ci --no-audit --no-fund --loglevel=error
      cp package-lock.json "$stamp"
    fi
    log "building the web app"
    npm run --silent build
  )
}

PG_VERSION=15
# start_postgres: a real PostgreSQL 15 on 127.0.0.1:5432 with role and database 'warroom'.
# Exports WARROOM_TEST_PG_URL.
start_postgres() {
  if ! pg_lsclusters -h 2>/dev/null | grep -q "^$PG_VERSION main"; then
    pg_createcluster "$PG_VERSION" main >/dev/null
  fi
  if ! pg_lsclusters -h | grep -q "^$PG_VERSION main .* online"; then
    pg_ctlcluster "$PG_VERSION" main start
  fi
  for _ in $(seq 1 60); do
    pg_isready -q -h 127.0.0.1 && break
    sleep 0.5
  done
  pg_isready -q -h 127.0.0.1 || { log "PostgreSQL did not start"; return 1; }
  su postgres -c "psql -q -v ON_ERROR_STOP=1" <<'SQL' >/dev/null
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'warroom') THEN
    CREATE ROLE warroom LOGIN PASSWORD 'warroom-test-only' CREATEDB;
  END IF;
END $$;
SQL
  su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname='warroom_test'\"" | grep -q 1 ||
    su postgres -c "createdb -O warroom warroom_test"
  export WARROOM_TEST_PG_URL="postgresql://warroom:warroom-test-only@127.0.0.1:5432/warroom_test"
}

# start_smtp: a real SMTP server (aiosmtpd) on a free loopback port that writes every
# message to a maildir. Exports WARROOM_TEST_SMTP_PORT and WARROOM_TEST_MAILDIR.
SMTP_PID=""
start_smtp() {
  local port
  port=$(/usr/bin/python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
  local maildir
  maildir=$(mktemp -d /tmp/warroom-mail.XXXXXX)
  /usr/bin/python3 "$ROOT/scripts/lib/smtp_sink.py" --port "$port" --maildir "$maildir" &
  SMTP_PID=$!
  for _ in $(seq 1 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.1
  done
  export WARROOM_TEST_SMTP_PORT="$port" WARROOM_TEST_MAILDIR="$maildir"
  export WARROOM_TEST_SMTP_SINK="$ROOT/scripts/lib/smtp_sink.py"
}

stop_services() {
  [[ -n "$SMTP_PID" ]] && kill "$SMTP_PID" 2>/dev/null || true
}
