#!/usr/bin/env bash
# Profiles the load bench's servers with perf, as docs/performance.md describes:
#
#   cargo bench --bench load --features actix --no-run
#   tools/profile.sh [CASE ...]        # default: axum-warm actix-warm axum-nocache
#
# For each case and each concurrency (1, 32, 256), it starts the fake Authlete and the case's
# server (pinned to CPU 0, one worker), drives it with wrk on CPU 1 for PROFILE_SECONDS
# (default 6), records the server with `perf record -g` for the middle of that time, and writes
# the flat profile (self time by symbol, top 40) to target/profile/CASE-cC.txt.
# Needs wrk, taskset and perf (Debian: apt-get install wrk util-linux linux-perf).
set -euo pipefail
cd "$(dirname "$0")/.."
bench=$(ls -t target/release/deps/load-* 2>/dev/null | grep -v '\.d$' | head -1)
[ -x "$bench" ] || { echo "build the bench first: cargo bench --bench load --features actix --no-run" >&2; exit 1; }
seconds=${PROFILE_SECONDS:-6}
cases=("$@")
[ ${#cases[@]} -gt 0 ] || cases=(axum-warm actix-warm axum-nocache)
out=target/profile
mkdir -p "$out"
token="Authorization: Bearer bench-Kz8mXK1EalYznwH-LC-1fBAo.4Ljp-zsPE_NeO.gxU"

fifo=$(mktemp -u)
mkfifo "$fifo"
taskset -c 1 "$bench" fake >"$fifo" </dev/null &
fake=$!
read -r authlete <"$fifo"
trap 'kill $fake 2>/dev/null; rm -f "$fifo"' EXIT

for case in "${cases[@]}"; do
  taskset -c 0 "$bench" serve "$case" "$authlete" >"$fifo" </dev/null &
  server=$!
  read -r port <"$fifo"
  taskset -c 1 wrk -t1 -c32 -d1s -H "$token" "http://127.0.0.1:$port/res" >/dev/null
  for c in 1 32 256; do
    taskset -c 1 wrk -t1 "-c$c" "-d${seconds}s" -H "$token" "http://127.0.0.1:$port/res" \
      >"$out/$case-c$c.wrk" &
    load=$!
    sleep 1
    perf record -q -F 1999 -g -o "$out/$case-c$c.data" -p "$server" -- sleep $((seconds - 2)) 2>/dev/null
    wait $load
    perf report -q -i "$out/$case-c$c.data" --no-children --sort symbol -g none \
      >"$out/$case-c$c.full" 2>/dev/null
    head -40 "$out/$case-c$c.full" >"$out/$case-c$c.txt"
    echo "$case c=$c: $(grep Requests/sec "$out/$case-c$c.wrk") -> $out/$case-c$c.txt"
  done
  kill $server
  wait $server 2>/dev/null || true
done
