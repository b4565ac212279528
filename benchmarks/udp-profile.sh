#!/usr/bin/env bash
# udp-profile.sh: where one `fulcrum udp` spends its time per reply, on the same C harness as
# udp-vs-nginx.sh (3 echo backends, closed-loop load generator, loopback only, bounded in time).
#
#   benchmarks/udp-profile.sh                                   # this checkout's build, epoll
#   FULCRUM_ARGS="--transport io_uring" benchmarks/udp-profile.sh
#   FULCRUM_CP="/tmp/old/lb-examples-0.1.0-SNAPSHOT.jar:/tmp/old/lib/*" FULCRUM_ARGS="" \
#       benchmarks/udp-profile.sh                               # another build, e.g. an older commit
#   RECORD=1 benchmarks/udp-profile.sh                          # also perf record: share per DSO
#
# Starts the echo backends and one `fulcrum udp` (EVENT_LOOPS event loops, round-robin, plus
# FULCRUM_ARGS),
# drives it for WARMUP + SECONDS_PER_RUN seconds and, over the measured window, counts its system
# calls with `perf stat` (tracepoints) and its user and system CPU time from /proc/PID/stat, then
# prints them per reply with the load generator's result line and the bytes its event loops
# allocated per datagram relayed, and how many `recvmmsg` calls returned an error (EAGAIN: a wasted
# read), one datagram, or several. With RECORD=1 a second run samples it with `perf record` and
# prints the share of samples per shared object and the top symbols.
#
# Environment: FULCRUM_CP (this checkout's lb-examples jar and lib/), FULCRUM_ARGS ("--transport
# epoll"), FULCRUM_JAVA_OPTS ("-Xms256m -Xmx256m"), OUTSTANDING (64), PER_CLIENT (4), SIZE (64),
# WARMUP (12), SECONDS_PER_RUN (4), EVENT_LOOPS (2), RECORD (0).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${OUTSTANDING:-64}"
per_client="${PER_CLIENT:-4}"
size="${SIZE:-64}"
warmup="${WARMUP:-12}"
seconds="${SECONDS_PER_RUN:-4}"
fulcrum_args="${FULCRUM_ARGS---transport epoll}"
java_opts="${FULCRUM_JAVA_OPTS:--Xms256m -Xmx256m}"
record="${RECORD:-0}"
loops="${EVENT_LOOPS:-2}"
if ! [[ "$n" =~ ^[0-9]+$ ]] || (( n < per_client || n % per_client != 0 )); then
  echo "OUTSTANDING must be a multiple of PER_CLIENT ($per_client) but was \"$n\"" >&2
  exit 2
fi

need=()
command -v gcc >/dev/null 2>&1 || need+=(gcc libc6-dev)
command -v perf >/dev/null 2>&1 || need+=(linux-perf)
if (( ${#need[@]} )); then
  echo "Installing ${need[*]} from Debian..." >&2
  sudo_cmd=""
  [[ "$(id -u)" -ne 0 ]] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

work="$(mktemp -d -t fulcrum-udp-profile.XXXXXX)"
gcc -O2 -Wall -o "$work/loadgen" "$root/benchmarks/udp-harness/loadgen.c"
gcc -O2 -Wall -o "$work/echo" "$root/benchmarks/udp-harness/echo.c"
if [[ -z "${FULCRUM_CP:-}" ]]; then
  "$root/fulcrum" --version >/dev/null # builds lb-examples when needed
  jar="$(find "$root/lb-examples/target" -maxdepth 1 -name 'lb-examples-*.jar' ! -name '*-sources.jar' \
  ! -name '*-javadoc.jar' ! -name '*-tests.jar' -printf '%T@ %p\n' | sort -rn | head -n 1 | cut -d' ' -f2-)"
  FULCRUM_CP="$jar:$root/lb-examples/target/lib/*"
fi

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

runs=$(( 1 + record ))
"$work/echo" -n 3 -d $(( runs * (warmup + seconds + 40) + 60 )) >"$work/echo.log" 2>&1 &
echo_pid=$!
pids+=("$echo_pid")
wait_for "$work/echo.log" "ports:" "the echo backends"
backends="$(sed -n 's/^ports: //p' "$work/echo.log" | tr ',' '\n' | sed 's/^/127.0.0.1:/' | paste -sd, -)"
port="$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
# shellcheck disable=SC2086
java $java_opts -XX:+PreserveFramePointer -Dai.djl.offline=true -DOPT_OUT_TRACKING=true \
  -cp "$FULCRUM_CP" io.github.fulcrumlb.examples.cli.FulcrumCli udp \
  --listen "127.0.0.1:$port" --backend "$backends" --strategy round-robin --event-loops "$loops" \
  --stats-interval 5s --drain-timeout 1s $fulcrum_args >"$work/fulcrum.log" 2>&1 &
fulcrum_pid=$!
pids+=("$fulcrum_pid")
wait_for "$work/fulcrum.log" "listening on" "fulcrum udp"
grep "listening on" "$work/fulcrum.log"

load() { # runs the load generator in the background; its result goes to $work/$1.txt
  timeout $((warmup + seconds + 30)) "$work/loadgen" -t "127.0.0.1:$port" -c $((n / per_client)) \
    -k "$per_client" -s "$size" -w "$warmup" -d "$seconds" -l fulcrum -p "$fulcrum_pid" \
    -b "$echo_pid" >"$work/$1.txt" &
}

events="raw_syscalls:sys_enter"
for c in recvmmsg recvfrom recvmsg sendmmsg sendto sendmsg epoll_wait epoll_pwait epoll_pwait2 \
    io_uring_enter futex; do
  events="$events,syscalls:sys_enter_$c"
done
load stat
lg=$!
sleep "$warmup"
read -r ut0 st0 < <(awk '{ print $14, $15 }' "/proc/$fulcrum_pid/stat")
perf stat -x, -e "$events" \
  -e syscalls:sys_exit_recvmmsg --filter 'ret < 0' \
  -e syscalls:sys_exit_recvmmsg --filter 'ret == 1' \
  -e syscalls:sys_exit_recvmmsg --filter 'ret > 1' \
  -p "$fulcrum_pid" -- sleep "$seconds" 2>"$work/perf-stat.txt" >/dev/null
read -r ut1 st1 < <(awk '{ print $14, $15 }' "/proc/$fulcrum_pid/stat")
wait "$lg"
cat "$work/stat.txt"
replies="$(awk '{ print $11 }' "$work/stat.txt")"
hz="$(getconf CLK_TCK)"
awk -F, -v r="$replies" '$3 ~ /sys_enter/ && $1 ~ /^[0-9]+$/ && $1 > 0 {
    printf "  %-36s %10d  %5.2f per reply\n", $3, $1, $1 / r }' "$work/perf-stat.txt"
awk -F, '$3 == "syscalls:sys_exit_recvmmsg" && $1 ~ /^[0-9]+$/ { n[++k] = $1 }
  END { if (k == 3) printf "  recvmmsg returned: an error (EAGAIN) %d, one datagram %d, several %d\n", n[1], n[2], n[3] }' \
  "$work/perf-stat.txt"
awk -v u=$((ut1 - ut0)) -v s=$((st1 - st0)) -v hz="$hz" -v r="$replies" 'BEGIN {
    printf "  CPU over the window: user %.2f s, system %.2f s: %.2f + %.2f µs per reply\n",
      u / hz, s / hz, u / hz * 1e6 / r, s / hz * 1e6 / r }'

if [[ "$record" == 1 ]]; then
  load record
  lg=$!
  sleep "$warmup"
  perf record -q -o "$work/perf.data" -F 999 -p "$fulcrum_pid" -- sleep "$seconds" >/dev/null 2>&1
  wait "$lg"
  cat "$work/record.txt"
  perf report -i "$work/perf.data" --sort dso --stdio 2>/dev/null | grep -v -e '^#' -e '^$' | head -n 8
  perf report -i "$work/perf.data" --sort sym --stdio 2>/dev/null | grep -v -e '^#' -e '^$' | head -n 15
fi

kill -TERM "$fulcrum_pid"
wait "$fulcrum_pid" 2>/dev/null || true
grep "allocated" "$work/fulcrum.log" | sed "s/^ */  /" | tail -n 2 || echo "  (no allocation line: the run was shorter than one 5 s stats interval)"
