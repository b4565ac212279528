#!/usr/bin/env bash
# udp-metrics-overhead.sh: `fulcrum udp` without and with --metrics-listen (and a scraper reading
# /metrics every second, as Prometheus would), in one run, on loopback, same backends and load.
#
#   benchmarks/udp-metrics-overhead.sh                  # 10 s per row, 16 outstanding, 2 rounds
#   SECONDS_PER_RUN=5 ROUNDS=1 benchmarks/udp-metrics-overhead.sh
#
# Starts 3 UDP echo backends (one JVM) and two `fulcrum udp` processes with the same flags (2 event
# loops, p2c, session affinity), one of them with --metrics-listen. Then drives them in turn
# (plain, metrics, plain, metrics, ...) with lb-examples' bounded closed-loop UdpLoadGenerator and
# prints replies/s and latency per row and the metrics / plain ratios. Everything listens on
# 127.0.0.1, every phase is bounded in time, and everything started here is stopped on exit.
#
# Environment: SECONDS_PER_RUN (10), WARMUP (2), OUTSTANDING (16), ROUNDS (2), SIZE (64),
# FULCRUM_EVENT_LOOPS (2), FULCRUM_STRATEGY (p2c).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${SECONDS_PER_RUN:-10}"
warmup="${WARMUP:-2}"
outstanding="${OUTSTANDING:-16}"
rounds="${ROUNDS:-2}"
size="${SIZE:-64}"
loops="${FULCRUM_EVENT_LOOPS:-2}"
strategy="${FULCRUM_STRATEGY:-p2c}"

"$root/fulcrum" --version >/dev/null # builds lb-examples when needed
jar="$(ls -t "$root"/lb-examples/target/lb-examples-*.jar | grep -v -e sources -e javadoc | head -n1)"
cp="$jar:$root/lb-examples/target/lib/*"

work="$(mktemp -d -t fulcrum-udp-metrics.XXXXXX)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

wait_for() { # file pattern what
  for _ in $(seq 1 300); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "Timed out waiting for $3; its output:" >&2
  cat "$1" >&2
  exit 1
}

free_port() { # udp or tcp
  python3 -c 'import socket,sys; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM if sys.argv[1]=="udp" else socket.SOCK_STREAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' "$1"
}

max_run=$(( rounds * 2 * (seconds + warmup + 30) + 120 ))
java -Xmx256m -cp "$cp" io.github.fulcrumlb.examples.udpbench.EchoServers 3 "$max_run" \
  >"$work/echo.log" 2>&1 &
pids+=($!)
wait_for "$work/echo.log" "ports:" "the echo backends"
backends="$(sed -n 's/^ports: //p' "$work/echo.log" | tr ',' '\n' | sed 's/^/127.0.0.1:/' | paste -sd, -)"

start_fulcrum() { # name port extra-args...
  local name="$1" port="$2"
  shift 2
  java -Xms256m -Xmx256m -cp "$cp" io.github.fulcrumlb.examples.cli.FulcrumCli udp \
    --listen "127.0.0.1:$port" --backend "$backends" --strategy "$strategy" \
    --event-loops "$loops" --drain-timeout 1s "$@" >"$work/$name.log" 2>&1 &
  pids+=($!)
  wait_for "$work/$name.log" "listening on" "fulcrum udp ($name)"
}
plain_port="$(free_port udp)"
metrics_port="$(free_port udp)"
http_port="$(free_port tcp)"
start_fulcrum plain "$plain_port"
start_fulcrum metrics "$metrics_port" --metrics-listen "127.0.0.1:$http_port"

# A scraper as Prometheus would be (once a second), for as long as the script runs.
( for _ in $(seq 1 "$max_run"); do
    curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$http_port/metrics" || true
    sleep 1
  done ) &
pids+=($!)

run() { # label port
  timeout $((seconds + warmup + 30)) java -Xmx256m -cp "$cp" \
    io.github.fulcrumlb.examples.udpbench.UdpLoadGenerator --label "$1" --target "127.0.0.1:$2" \
    --outstanding "$outstanding" --seconds "$seconds" --warmup "$warmup" --size "$size" \
    | sed -n 's/^RESULT //p'
}

results="$work/results.txt"
for _ in $(seq 1 "$rounds"); do
  run plain "$plain_port" >>"$results"
  run metrics "$metrics_port" >>"$results"
done
scrape_bytes="$(curl -s --max-time 5 "http://127.0.0.1:$http_port/metrics" | wc -c)"

echo
echo "fulcrum udp without / with --metrics-listen (scraped every 1 s), 3 echo backends, ${size}-byte datagrams, loopback"
echo "${outstanding} outstanding, ${seconds} s per row after ${warmup} s warm-up; $loops event loops, $strategy, session affinity"
echo "$(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'); $(java -version 2>&1 | head -n1); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
printf '| %-8s | %10s | %8s | %8s | %10s | %7s |\n' target replies/s "p50 µs" "p99 µs" "p99.9 µs" "loss %"
printf '|%s|%s|%s|%s|%s|%s|\n' ---------- -----------: ---------: ---------: -----------: --------:
while read -r label n rps p50 p99 p999 loss _ _; do
  printf '| %-8s | %10s | %8s | %8s | %10s | %7s |\n' "$label" "$rps" "$p50" "$p99" "$p999" "$loss"
done <"$results"
echo
awk '{ n[$1]++; rps[$1] += $3; p99[$1] += $5 }
  END { if (rps["plain"] > 0) printf "metrics / plain (means over %d rounds): replies/s = %.3f, p99 = %.3f\n",
    n["plain"], (rps["metrics"] / n["metrics"]) / (rps["plain"] / n["plain"]),
    (p99["metrics"] / n["metrics"]) / (p99["plain"] / n["plain"]) }' "$results"
echo "last scrape: $scrape_bytes bytes"
