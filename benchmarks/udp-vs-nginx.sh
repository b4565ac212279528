#!/usr/bin/env bash
# udp-vs-nginx.sh: Fulcrum's UDP balancer beside nginx's stream proxy, in one run, on loopback.
#
#   benchmarks/udp-vs-nginx.sh                 # 10 s per configuration, 16 and 64 outstanding
#   SECONDS_PER_RUN=5 OUTSTANDING="16" benchmarks/udp-vs-nginx.sh
#
# Starts 3 UDP echo backends (one JVM, one Netty event loop each), nginx (Debian's nginx +
# libnginx-mod-stream, installed when missing; 2 workers, its own config, pid file and logs in a
# temp dir; `proxy_responses 1`, balancing per client session like Fulcrum) and `fulcrum udp`
# (2 event loops, p2c, session affinity). Then drives each of direct / nginx / Fulcrum with the same
# bounded closed-loop load generator (lb-examples' UdpLoadGenerator: N client sockets with one
# 64-byte request in flight each) and prints one table with replies/s, p50/p99/p99.9 latency and
# loss, and the Fulcrum / nginx ratios. Everything listens on 127.0.0.1 only, every phase is bounded
# in time, and everything started here is stopped on exit.
#
# Environment: SECONDS_PER_RUN (10), WARMUP (2), OUTSTANDING ("16 64"), SIZE (64),
# FULCRUM_EVENT_LOOPS (2), NGINX_WORKERS (2), FULCRUM_STRATEGY (p2c).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${SECONDS_PER_RUN:-10}"
warmup="${WARMUP:-2}"
outstanding_list="${OUTSTANDING:-16 64}"
size="${SIZE:-64}"
loops="${FULCRUM_EVENT_LOOPS:-2}"
workers="${NGINX_WORKERS:-2}"
strategy="${FULCRUM_STRATEGY:-p2c}"

if ! command -v nginx >/dev/null 2>&1 || [[ ! -e /usr/lib/nginx/modules/ngx_stream_module.so ]]; then
  echo "Installing nginx and libnginx-mod-stream from Debian..." >&2
  sudo_cmd=""
  [[ "$(id -u)" -ne 0 ]] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq nginx libnginx-mod-stream >/dev/null
fi

"$root/fulcrum" --version >/dev/null # builds lb-examples when needed
jar="$(ls -t "$root"/lb-examples/target/lb-examples-*.jar | grep -v -e sources -e javadoc | head -n1)"
cp="$jar:$root/lb-examples/target/lib/*"

work="$(mktemp -d -t fulcrum-udp-bench.XXXXXX)"
pids=()
cleanup() {
  if [[ -f "$work/nginx.pid" ]]; then kill "$(cat "$work/nginx.pid")" 2>/dev/null || true; fi
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

free_port() {
  python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Backends.
runs=$(wc -w <<<"$outstanding_list")
max_run=$(( runs * 3 * (seconds + warmup + 30) + 120 )) # the backends stop by themselves after this
java -Xmx256m -cp "$cp" io.github.fulcrumlb.examples.udpbench.EchoServers 3 "$max_run" \
  >"$work/echo.log" 2>&1 &
pids+=($!)
wait_for "$work/echo.log" "ports:" "the echo backends"
ports="$(sed -n 's/^ports: //p' "$work/echo.log")"
backends="$(echo "$ports" | tr ',' '\n' | sed 's/^/127.0.0.1:/' | paste -sd, -)"

# nginx.
nginx_port="$(free_port)"
{
  echo "load_module /usr/lib/nginx/modules/ngx_stream_module.so;"
  echo "worker_processes $workers;"
  echo "pid $work/nginx.pid;"
  echo "error_log $work/nginx-error.log warn;"
  [[ "$(id -u)" -eq 0 ]] && echo "user nobody nogroup;"
  echo "events { worker_connections 16384; }"
  echo "stream {"
  echo "  upstream echo {"
  for b in ${backends//,/ }; do echo "    server $b;"; done
  echo "  }"
  echo "  server {"
  echo "    listen 127.0.0.1:$nginx_port udp reuseport;"
  echo "    proxy_pass echo;"
  echo "    proxy_responses 1;"
  echo "    proxy_timeout 10s;"
  echo "  }"
  echo "}"
} >"$work/nginx.conf"
nginx -p "$work" -e "$work/nginx-error.log" -c "$work/nginx.conf"
wait_for "$work/nginx.pid" "[0-9]" "nginx's pid file"

# Fulcrum.
fulcrum_port="$(free_port)"
java -Xms256m -Xmx256m -cp "$cp" io.github.fulcrumlb.examples.cli.FulcrumCli udp \
  --listen "127.0.0.1:$fulcrum_port" --backend "$backends" --strategy "$strategy" \
  --event-loops "$loops" --stats-interval 5s --drain-timeout 1s >"$work/fulcrum.log" 2>&1 &
fulcrum_pid=$!
pids+=($fulcrum_pid)
wait_for "$work/fulcrum.log" "listening on" "fulcrum udp"

run() { # label target outstanding
  timeout $((seconds + warmup + 30)) java -Xmx256m -cp "$cp" \
    io.github.fulcrumlb.examples.udpbench.UdpLoadGenerator --label "$1" --target "$2" \
    --outstanding "$3" --seconds "$seconds" --warmup "$warmup" --size "$size" \
    | sed -n 's/^RESULT //p'
}

results="$work/results.txt"
for n in $outstanding_list; do
  run direct "$backends" "$n" >>"$results"
  run nginx "127.0.0.1:$nginx_port" "$n" >>"$results"
  run fulcrum "127.0.0.1:$fulcrum_port" "$n" >>"$results"
done

kill -TERM "$fulcrum_pid"
wait "$fulcrum_pid" 2>/dev/null || true
# The 5 s interval that relayed the most datagrams: steady state under load.
alloc="$(grep 'allocated' "$work/fulcrum.log" | sed 's/^ *//' \
  | awk '{ n = $(NF-5); gsub(/\(/, "", n); if (n + 0 > best) { best = n + 0; line = $0 } } END { print line }')"

echo
echo "UDP relay, 3 echo backends, ${size}-byte datagrams, loopback; ${seconds} s per row after ${warmup} s warm-up"
echo "nginx $(nginx -v 2>&1 | sed 's/.*nginx\///'): $workers workers, proxy_responses 1; Fulcrum: $loops event loops, $strategy, session affinity"
echo "$(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'); $(java -version 2>&1 | head -n1)"
echo
printf '| %-8s | %11s | %10s | %8s | %8s | %10s | %7s |\n' \
  target outstanding replies/s "p50 µs" "p99 µs" "p99.9 µs" "loss %"
printf '|%s|%s|%s|%s|%s|%s|%s|\n' ---------- ------------: -----------: ---------: ---------: -----------: --------:
while read -r label n rps p50 p99 p999 loss _ _; do
  printf '| %-8s | %11s | %10s | %8s | %8s | %10s | %7s |\n' "$label" "$n" "$rps" "$p50" "$p99" "$p999" "$loss"
done <"$results"
echo
for n in $outstanding_list; do
  awk -v n="$n" '$2 == n { rps[$1] = $3; p99[$1] = $5 }
    END { if (rps["nginx"] > 0) printf "outstanding %s: Fulcrum / nginx replies/s = %.2f, p99 = %.2f; Fulcrum / direct = %.2f, nginx / direct = %.2f\n",
      n, rps["fulcrum"] / rps["nginx"], p99["fulcrum"] / p99["nginx"], rps["fulcrum"] / rps["direct"], rps["nginx"] / rps["direct"] }' "$results"
done
echo "Fulcrum, busiest 5 s interval: ${alloc:-n/a}"
