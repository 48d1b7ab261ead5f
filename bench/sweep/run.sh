#!/usr/bin/env bash
# Benchmarks warroom-sweep against grep, ripgrep and YARA on a generated corpus.
#
#   bench/sweep/run.sh [--quick] [--size-mb N] [--indicators "1000 100000 1000000"]
#                      [--timeout S] [--seed N] [--out DIR] [--no-compressed]
#
# Builds the release preset (build/sweep-release), generates a mixed corpus (web, proxy,
# DNS, firewall, Windows-event JSON lines) with planted indicators and look-alikes, and
# prints for each tool: indicators, wall s, MB/s, peak RSS, recall and false positives.
# `cat` to /dev/null is the page-cache read ceiling; gzip -d and zstd -d are the
# ceilings for compressed logs. Every competitor gets a timeout. Defaults follow the
# spec: 1 GB, 1k/100k/1M indicators; --quick is 50 MB.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
SIZE_MB=1000
COUNTS="1000 100000 1000000"
TIMEOUT=300
SEED=42
OUT="$ROOT/bench/out/sweep"
COMPRESSED=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) SIZE_MB=50; COUNTS="1000 100000"; TIMEOUT=120; shift ;;
    --size-mb) SIZE_MB="$2"; shift 2 ;;
    --indicators) COUNTS="$2"; shift 2 ;;
    --timeout) TIMEOUT="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --no-compressed) COMPRESSED=0; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
PY=/usr/bin/python3
command -v /usr/bin/time >/dev/null || apt-get install -y -q time >/dev/null

BUILD="$ROOT/build/sweep-release"
if [[ ! -x "$BUILD/tools/sweep/warroom-sweep" || -n "${REBUILD:-}" ]]; then
  cmake --preset release -B "$BUILD" >/dev/null
  cmake --build "$BUILD" -j2 --target warroom-sweep >/dev/null
fi
SWEEP="$BUILD/tools/sweep/warroom-sweep"
mkdir -p "$OUT"
export LC_ALL=C.UTF-8

ROWS=()
row() { ROWS+=("$(printf '%-22s %-10s %10s %9s %9s %11s %7s %6s' "$@")"); }

# run NAME COUNT FORMAT OUTFILE BYTES CMD...: times CMD with a timeout; records a row.
run() {
  local name=$1 count=$2 fmt=$3 outfile=$4 bytes=$5 dir=$6
  shift 6
  local tf="$OUT/time.txt" rc=0
  /usr/bin/time -f "%e %M" -o "$tf" timeout "$TIMEOUT" "$@" >"$outfile" 2>"$OUT/stderr.txt" || rc=$?
  if [[ $rc -eq 124 || $rc -eq 137 ]]; then
    row "$name" "$count" "timeout" "-" "-" "-" "-" "-"
    return
  fi
  read -r secs kb < <(tail -1 "$tf")
  # grep and rg exit 1 when nothing matches; any other failure is an error.
  if [[ $rc -gt 1 || ( $rc -eq 1 && "$name" == yara* ) ]]; then
    row "$name" "$count" "error" "-" "-" "-" "-" "$rc"
    echo "$name with $count indicators failed: $(head -c 300 "$OUT/stderr.txt")" >&2
    return
  fi
  local mbps score recall fp
  mbps=$(awk -v b="$bytes" -v s="$secs" 'BEGIN{ if (s > 0) printf "%.0f", b/1e6/s; else print "inf" }')
  if [[ "$fmt" == "-" ]]; then
    recall="-"; fp="-"
  else
    score=$($PY "$ROOT/bench/sweep/evaluate.py" "$fmt" "$dir/truth.tsv" "$outfile" "$dir/logs")
    recall=${score% *}; fp=${score#* }
  fi
  row "$name" "$count" "$secs" "$mbps" "$((kb / 1024)) MiB" "$recall" "$fp" "$rc"
}

for COUNT in $COUNTS; do
  DIR="$OUT/n$COUNT"
  if [[ ! -f "$DIR/truth.tsv" ]]; then
    echo "generating ${SIZE_MB} MB corpus with $COUNT indicators in $DIR" >&2
    $PY "$ROOT/bench/sweep/gen_corpus.py" --out "$DIR" --size-mb "$SIZE_MB" \
      --indicators "$COUNT" --seed "$SEED"
  fi
  BYTES=$(cat "$DIR"/logs/* | wc -c)
  # Loading time alone: an empty input.
  : >"$DIR/empty.log"
  /usr/bin/time -f "%e %M" -o "$OUT/load.txt" "$SWEEP" -q --no-progress --iocs "$DIR/iocs.txt" \
    "$DIR/empty.log" >/dev/null 2>"$OUT/load_err.txt" || true
  read -r lsecs lkb < <(tail -1 "$OUT/load.txt")
  row "sweep (load only)" "$COUNT" "$lsecs" "-" "$((lkb / 1024)) MiB" "-" "-" "-"

  # First run with a cold page cache when the kernel lets us drop it.
  if sync && echo 3 >/proc/sys/vm/drop_caches 2>/dev/null; then
    run "warroom-sweep (cold)" "$COUNT" sweep "$OUT/sweep.jsonl" "$BYTES" "$DIR" \
      "$SWEEP" -q --no-progress --iocs "$DIR/iocs.txt" "$DIR/logs"
  fi
  cat "$DIR"/logs/* >/dev/null
  run "cat >/dev/null" "-" "-" /dev/null "$BYTES" "$DIR" sh -c "cat '$DIR'/logs/* >/dev/null"
  run "warroom-sweep" "$COUNT" sweep "$OUT/sweep.jsonl" "$BYTES" "$DIR" \
    "$SWEEP" -q --no-progress --iocs "$DIR/iocs.txt" "$DIR/logs"
  # The same bytes as one file: with fewer files than cores it is matched in ranges.
  if [[ ! -f "$DIR/one/all.log" ]]; then
    mkdir -p "$DIR/one"
    cat "$DIR"/logs/* >"$DIR/one/all.log"
  fi
  cat "$DIR/one/all.log" >/dev/null  # warm, as the other inputs: a cold read is its own row
  run "warroom-sweep 1 file" "$COUNT" - "$OUT/sweep_one.jsonl" "$BYTES" "$DIR" \
    "$SWEEP" -q --no-progress --iocs "$DIR/iocs.txt" "$DIR/one/all.log"
  run "grep -F -w -f" "$COUNT" grep "$OUT/grep.txt" "$BYTES" "$DIR" \
    grep -F -w -o -n -r -f "$DIR/patterns.txt" "$DIR/logs"
  run "rg -F -f" "$COUNT" grep "$OUT/rg.txt" "$BYTES" "$DIR" \
    rg -F -o -n --no-heading -j2 -f "$DIR/patterns.txt" "$DIR/logs"
  run "yara" "$COUNT" yara "$OUT/yara.txt" "$BYTES" "$DIR" \
    yara -s -r -p 2 "$DIR/rules.yar" "$DIR/logs"

  if [[ $COMPRESSED -eq 1 ]]; then
    if [[ ! -d "$DIR/logs_gz" ]]; then
      mkdir -p "$DIR/logs_gz" "$DIR/logs_zst"
      for f in "$DIR"/logs/*; do
        gzip -c "$f" >"$DIR/logs_gz/$(basename "$f").gz"
        zstd -q -c "$f" >"$DIR/logs_zst/$(basename "$f").zst"
      done
    fi
    cat "$DIR"/logs_gz/* "$DIR"/logs_zst/* >/dev/null  # both sides read from the page cache
    run "gzip -d (ceiling)" "-" "-" /dev/null "$BYTES" "$DIR" sh -c "gzip -dc '$DIR'/logs_gz/* >/dev/null"
    run "warroom-sweep .gz" "$COUNT" - "$OUT/sweep_gz.jsonl" "$BYTES" "$DIR" \
      "$SWEEP" -q --no-progress --iocs "$DIR/iocs.txt" "$DIR/logs_gz"
    run "zstd -d (ceiling)" "-" "-" /dev/null "$BYTES" "$DIR" sh -c "zstd -q -dc '$DIR'/logs_zst/* >/dev/null"
    run "warroom-sweep .zst" "$COUNT" - "$OUT/sweep_zst.jsonl" "$BYTES" "$DIR" \
      "$SWEEP" -q --no-progress --iocs "$DIR/iocs.txt" "$DIR/logs_zst"
  fi
  COMPRESSED=0  # the compressed comparison does not depend on the indicator count
done

echo
echo "corpus: ${SIZE_MB} MB per indicator count, seed $SEED, $(nproc) cores, timeout ${TIMEOUT}s"
printf '%-22s %-10s %10s %9s %9s %11s %7s %6s\n' tool indicators "wall s" "MB/s" "peak RSS" recall "FP" exit
for r in "${ROWS[@]}"; do echo "$r"; done
