#!/usr/bin/env bash
# udp-vs-nginx.sh: Fulcrum's UDP balancer beside nginx's stream proxy, on a neutral harness, in one
# run, on loopback.
#
#   benchmarks/udp-vs-nginx.sh                          # 16 and 64 outstanding, 1 round, 10 s each
#   ROUNDS=3 benchmarks/udp-vs-nginx.sh                 # three interleaved rounds
#   FULCRUM_TRANSPORTS="epoll" OUTSTANDING=16 SECONDS_PER_RUN=5 benchmarks/udp-vs-nginx.sh
#   PIN_LOADGEN=0 PIN_BACKENDS=0 PIN_BALANCER=1 benchmarks/udp-vs-nginx.sh   # taskset for all
#   SYSCALLS=1 benchmarks/udp-vs-nginx.sh               # also: system calls per reply (perf stat)
#   NICE=-10 benchmarks/udp-vs-nginx.sh                 # everything at niceness -10 (busy machine)
#   FULCRUM_TRANSPORTS="epoll epoll+metrics" benchmarks/udp-vs-nginx.sh   # with --metrics-listen too
#   FULCRUM_TRANSPORTS="epoll@1 epoll" benchmarks/udp-vs-nginx.sh  # 1 event loop beside the default
#
# Neutral: the load generator and the echo backends are small C programs of this repository
# (benchmarks/udp-harness/loadgen.c and echo.c), compiled here with gcc, so neither nginx nor
# Fulcrum competes with a JVM harness for the cores. The same backends (3 sockets in one echo
# process: recvmmsg/sendmmsg, one thread) and the same load (N client sockets x K requests
# outstanding each, 64-byte datagrams, closed loop) drive every target, with the same CPU pinning
# (none unless PIN_* are set, and then the same for nginx and Fulcrum). Targets: direct (clients
# spread over the 3 backends), nginx (Debian's nginx + libnginx-mod-stream, 2 workers,
# `proxy_responses 1`, reuseport, round robin per client session) and Fulcrum (`fulcrum udp`, 2
# event loops, round-robin, session affinity) once per transport in FULCRUM_TRANSPORTS. Targets are
# interleaved (direct, nginx, fulcrum-*, next outstanding, next round) so that noise from other jobs
# on the machine hits all of them alike: read the ratios of one round.
#
# Per row: replies/s, p50/p99/p99.9 latency, loss (requests not answered within 200 ms), CPU per
# reply of the balancer's processes (nginx: master and workers; Fulcrum: its JVM, GC and JIT
# included; from /proc/PID/stat over the measured window) and of the echo backends, and the load
# generator's own CPU. Then the Fulcrum / nginx ratios per round, the bytes Fulcrum's event loops
# allocated per datagram relayed and its old generation after each run (steady state must not grow
# it).
#
# Everything binds 127.0.0.1 only; every process started here is bounded in time (echo exits by
# itself, the load generator runs WARMUP + SECONDS_PER_RUN) and stopped on exit.
#
# Environment: SECONDS_PER_RUN (10), WARMUP (2), OUTSTANDING ("16 64"), PER_CLIENT (4: outstanding
# per client socket, so 16 outstanding = 4 sockets x 4), SIZE (64), ROUNDS (1), FULCRUM_TRANSPORTS
# ("epoll io_uring"), FULCRUM_EVENT_LOOPS (2), NGINX_WORKERS (2), FULCRUM_STRATEGY (round-robin),
# FULCRUM_JAVA_OPTS ("-Xms256m -Xmx256m"), FULCRUM_ARGS (more `fulcrum udp` flags), PIN_LOADGEN /
# PIN_BACKENDS / PIN_BALANCER (taskset CPU lists; empty: no pinning), NICE (niceness of every process started here, e.g. -10; empty: 0),
# PREWARM (10: seconds of one untimed pass over every target before the measured rounds, so that
# the JIT has compiled Fulcrum's hot path), SYSCALLS (0).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${SECONDS_PER_RUN:-10}"
warmup="${WARMUP:-2}"
outstanding_list="${OUTSTANDING:-16 64}"
per_client="${PER_CLIENT:-4}"
size="${SIZE:-64}"
rounds="${ROUNDS:-1}"
transports="${FULCRUM_TRANSPORTS:-epoll io_uring}"
loops="${FULCRUM_EVENT_LOOPS:-2}"
workers="${NGINX_WORKERS:-2}"
strategy="${FULCRUM_STRATEGY:-round-robin}"
java_opts="${FULCRUM_JAVA_OPTS:--Xms256m -Xmx256m}"
fulcrum_args="${FULCRUM_ARGS:-}"
syscalls="${SYSCALLS:-0}"
prewarm="${PREWARM:-10}"

for n in $outstanding_list; do
  if ! [[ "$n" =~ ^[0-9]+$ ]] || (( n < per_client || n % per_client != 0 )); then
    echo "OUTSTANDING must be multiples of PER_CLIENT ($per_client) but has \"$n\"; e.g. OUTSTANDING=\"16 64\"" >&2
    exit 2
  fi
done
# A FULCRUM_TRANSPORTS entry is TRANSPORT[@EVENT_LOOPS][+metrics]: "epoll@1" is epoll with one
# event loop instead of FULCRUM_EVENT_LOOPS.
transport_of() { local t="${1%+metrics}"; echo "${t%@*}"; }
loops_of() {
  local t="${1%+metrics}"
  if [[ "$t" == *@* ]]; then echo "${t#*@}"; else echo "$loops"; fi
}
for t in $transports; do
  case "$(transport_of "$t")" in epoll|io_uring|nio) ;; *)
    echo "FULCRUM_TRANSPORTS must list epoll, io_uring or nio (each optionally @EVENT_LOOPS, then +metrics) but has \"$t\"" >&2; exit 2 ;;
  esac
  if ! [[ "$(loops_of "$t")" =~ ^[1-9][0-9]*$ ]]; then
    echo "event loops must be a whole number >= 1 but \"$t\" has \"$(loops_of "$t")\"" >&2; exit 2
  fi
done

# taskset prefixes (empty: no pinning); used unquoted so that an empty one vanishes, and never
# through a shell function, so that $! is the pid of the program itself (its CPU time is read).
# NICE (e.g. -10, as root) runs every process of the benchmark, of every target alike, at that
# priority: on a machine shared with other jobs they then get most of the CPU, close to a quiet
# machine.
nice_prefix="${NICE:+nice -n $NICE}"
if [[ -n "${NICE:-}" ]] && ! [[ "$NICE" =~ ^-?[0-9]+$ && "$NICE" -ge -20 && "$NICE" -le 19 ]]; then
  echo "NICE must be a niceness in [-20, 19] (negative ones need root) but was \"$NICE\"" >&2
  exit 2
fi
pin_loadgen="$nice_prefix${PIN_LOADGEN:+ taskset -c $PIN_LOADGEN}"
pin_backends="$nice_prefix${PIN_BACKENDS:+ taskset -c $PIN_BACKENDS}"
pin_balancer="$nice_prefix${PIN_BALANCER:+ taskset -c $PIN_BALANCER}"

# Debian packages: a C compiler and nginx with its stream module.
need=()
command -v gcc >/dev/null 2>&1 || need+=(gcc libc6-dev)
if ! command -v nginx >/dev/null 2>&1 || [[ ! -e /usr/lib/nginx/modules/ngx_stream_module.so ]]; then
  need+=(nginx libnginx-mod-stream)
fi
if [[ "$syscalls" == 1 ]] && ! command -v perf >/dev/null 2>&1; then need+=(linux-perf); fi
if (( ${#need[@]} )); then
  echo "Installing ${need[*]} from Debian..." >&2
  sudo_cmd=""
  [[ "$(id -u)" -ne 0 ]] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

work="$(mktemp -d -t fulcrum-udp-bench.XXXXXX)"
gcc -O2 -Wall -o "$work/loadgen" "$root/benchmarks/udp-harness/loadgen.c"
gcc -O2 -Wall -o "$work/echo" "$root/benchmarks/udp-harness/echo.c"

"$root/fulcrum" --version >/dev/null # builds lb-examples when needed
jar="$(find "$root/lb-examples/target" -maxdepth 1 -name 'lb-examples-*.jar' ! -name '*-sources.jar' \
  ! -name '*-javadoc.jar' ! -name '*-tests.jar' -printf '%T@ %p\n' | sort -rn | head -n 1 | cut -d' ' -f2-)"
cp="$jar:$root/lb-examples/target/lib/*"

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

# Echo backends: they stop by themselves after every run could have ended.
nt=$(wc -w <<<"$transports")
nn=$(wc -w <<<"$outstanding_list")
max_run=$(( rounds * nn * (2 + nt) * (seconds + warmup + 40) + (2 + nt) * (prewarm + 40) + 180 ))
# shellcheck disable=SC2086
$pin_backends "$work/echo" -n 3 -d "$max_run" >"$work/echo.log" 2>&1 &
echo_pid=$!
pids+=("$echo_pid")
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
# shellcheck disable=SC2086
$pin_balancer nginx -p "$work" -e "$work/nginx-error.log" -c "$work/nginx.conf"
wait_for "$work/nginx.pid" "[0-9]" "nginx's pid file"
nginx_master="$(cat "$work/nginx.pid")"
nginx_pids() { echo "$nginx_master $(pgrep -P "$nginx_master" | tr '\n' ' ')" | xargs | tr ' ' ','; }

# Fulcrum, one process per transport (idle while another target is measured).
declare -A fulcrum_port fulcrum_pid
# A transport written "epoll+metrics" is the same balancer with --metrics-listen, and a scraper
# reading its /metrics once a second as Prometheus would: the cost of being observed.
for t in $transports; do
  fulcrum_port[$t]="$(free_port)"
  metrics_args=()
  if [[ "$t" == *+metrics ]]; then
    metrics_port="$(free_port)"
    metrics_args=(--metrics-listen "127.0.0.1:$metrics_port")
    (
      end=$((SECONDS + max_run))
      while ((SECONDS < end)); do
        curl -s -o /dev/null "http://127.0.0.1:$metrics_port/metrics" || true
        sleep 1
      done
    ) &
    pids+=("$!")
  fi
  # shellcheck disable=SC2086
  $pin_balancer java $java_opts -cp "$cp" \
    -Dai.djl.offline=true -DOPT_OUT_TRACKING=true \
    io.github.fulcrumlb.examples.cli.FulcrumCli udp \
    --listen "127.0.0.1:${fulcrum_port[$t]}" --backend "$backends" --strategy "$strategy" \
    --event-loops "$(loops_of "$t")" --transport "$(transport_of "$t")" --stats-interval 5s --drain-timeout 1s \
    "${metrics_args[@]}" $fulcrum_args >"$work/fulcrum-$t.log" 2>&1 &
  fulcrum_pid[$t]=$!
  pids+=("${fulcrum_pid[$t]}")
done
for t in $transports; do
  wait_for "$work/fulcrum-$t.log" "listening on" "fulcrum udp --transport $t"
  if ! grep -q "listening on.*($(transport_of "$t")" "$work/fulcrum-$t.log"; then
    echo "fulcrum udp --transport $t did not start on $t:" >&2
    head -n 3 "$work/fulcrum-$t.log" >&2
    exit 1
  fi
done

old_gen_kb() { # pid: G1 old generation in use, KiB (jstat's OU)
  jstat -gc "$1" 2>/dev/null | awk 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "OU") c = i } NR == 2 { printf "%.0f", $c }'
}

run() { # round label target outstanding balancer-pids
  local n="$4"
  # shellcheck disable=SC2086
  timeout $((seconds + warmup + 30)) $pin_loadgen "$work/loadgen" \
    -t "$3" -c $((n / per_client)) -k "$per_client" -s "$size" -w "$warmup" -d "$seconds" \
    -l "$2" -p "$5" -b "$echo_pid" | sed -n "s/^RESULT /$1 /p"
}

# One untimed pass over every target first (results discarded): the JVM compiles Fulcrum's hot
# path here rather than in the first measured row. nginx and direct get the same pass.
if (( prewarm > 0 )); then
  n="$(awk '{ print $NF }' <<<"$outstanding_list")"
  for target in "$backends" "127.0.0.1:$nginx_port"; do
    # shellcheck disable=SC2086
    timeout $((prewarm + 30)) $pin_loadgen "$work/loadgen" -t "$target" -c $((n / per_client)) -k "$per_client" \
      -s "$size" -w 0 -d "$prewarm" -l prewarm >/dev/null
  done
  for t in $transports; do
    # shellcheck disable=SC2086
    timeout $((prewarm + 30)) $pin_loadgen "$work/loadgen" -t "127.0.0.1:${fulcrum_port[$t]}" \
      -c $((n / per_client)) -k "$per_client" -s "$size" -w 0 -d "$prewarm" -l "fulcrum-$t" >/dev/null
  done
fi

results="$work/results.txt"
oldgen="$work/oldgen.txt"
for t in $transports; do echo "fulcrum-$t start $(old_gen_kb "${fulcrum_pid[$t]}")" >>"$oldgen"; done
for r in $(seq 1 "$rounds"); do
  for n in $outstanding_list; do
    run "$r" direct "$backends" "$n" "" >>"$results"
    run "$r" nginx "127.0.0.1:$nginx_port" "$n" "$(nginx_pids)" >>"$results"
    for t in $transports; do
      run "$r" "fulcrum-$t" "127.0.0.1:${fulcrum_port[$t]}" "$n" "${fulcrum_pid[$t]}" >>"$results"
      echo "fulcrum-$t round-$r/$n $(old_gen_kb "${fulcrum_pid[$t]}")" >>"$oldgen"
    done
  done
done

# System calls per reply: one more run per target at the largest outstanding, with `perf stat`
# counting the balancer's system calls (tracepoints, little overhead) over the measured window.
syscall_report="$work/syscalls.txt"
if [[ "$syscalls" == 1 ]]; then
  syscall_n="$(awk '{ print $NF }' <<<"$outstanding_list")"
  events="raw_syscalls:sys_enter"
  for c in recvmmsg recvfrom recvmsg sendmmsg sendto sendmsg epoll_wait epoll_pwait epoll_pwait2 \
      io_uring_enter socket connect close epoll_ctl ioctl futex; do
    events="$events,syscalls:sys_enter_$c"
  done
  count() { # label target pids
    run s "$1" "$2" "$syscall_n" "$3" >"$work/syscall-run.txt" &
    local lg=$!
    sleep "$warmup"
    perf stat -x, -e "$events" -p "$3" -- sleep "$seconds" 2>"$work/perf-$1.txt" >/dev/null || true
    wait "$lg" || true
    local replies
    replies="$(awk '{ print $11 }' "$work/syscall-run.txt")"
    awk -F, -v label="$1" -v replies="${replies:-0}" '
      $3 ~ /sys_enter/ && $1 ~ /^[0-9]+$/ { name = $3; sub(/.*sys_enter_?/, "", name);
        if (name == "") total = $1; else if ($1 / replies >= 0.01) parts = parts sprintf(" %s %.2f", name, $1 / replies) }
      END { if (replies > 0) printf "%-16s %5.2f per reply:%s\n", label, total / replies, parts }' \
      "$work/perf-$1.txt" >>"$syscall_report"
  }
  count nginx "127.0.0.1:$nginx_port" "$(nginx_pids)"
  for t in $transports; do
    count "fulcrum-$t" "127.0.0.1:${fulcrum_port[$t]}" "${fulcrum_pid[$t]}"
  done
fi

for t in $transports; do
  kill -TERM "${fulcrum_pid[$t]}"
  wait "${fulcrum_pid[$t]}" 2>/dev/null || true
done

echo
echo "UDP relay, 3 C echo backends (one process), C closed-loop load generator, ${size}-byte datagrams,"
echo "loopback; ${per_client} outstanding per client socket; ${seconds} s per row after ${warmup} s warm-up; ${rounds} round(s), interleaved,"
echo "after one untimed ${prewarm} s pass over every target"
echo "nginx $(nginx -v 2>&1 | sed 's/.*nginx\///'): $workers workers, proxy_responses 1, reuseport;" \
  "Fulcrum: $loops event loops, $strategy, session affinity, JVM options: $java_opts ${fulcrum_args}"
echo "pinning: loadgen ${PIN_LOADGEN:-none}, backends ${PIN_BACKENDS:-none}, balancer ${PIN_BALANCER:-none}; niceness of every process: ${NICE:-0}"
echo "$(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'); $(java -version 2>&1 | head -n1);" \
  "Linux $(uname -r); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
printf '| %5s | %-16s | %11s | %9s | %8s | %8s | %9s | %7s | %14s | %13s | %11s |\n' \
  round target outstanding replies/s "p50 µs" "p99 µs" "p99.9 µs" "loss %" "balancer µs/reply" \
  "backend µs/reply" "loadgen CPU %"
printf '|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|\n' ------: ------------------ ------------: -----------: \
  ---------: ---------: ----------: --------: -------------------: ------------------: --------------:
while read -r round label n rps p50 p99 p999 loss cpu bcpu _ _ _ _ own; do
  [[ "$cpu" == "-1.00" ]] && cpu="–"
  printf '| %5s | %-16s | %11s | %9s | %8s | %8s | %9s | %7s | %17s | %16s | %13s |\n' \
    "$round" "$label" "$n" "$rps" "$p50" "$p99" "$p999" "$loss" "$cpu" "$bcpu" "$own"
done <"$results"
echo
awk '{ key = $1 " " $3; rps[key, $2] = $4; p99[key, $2] = $6; cpu[key, $2] = $9; keys[key] = 1; labels[$2] = 1 }
  END {
    for (key in keys) {
      split(key, k, " ");
      for (l in labels) if (l ~ /^fulcrum-/ && rps[key, "nginx"] > 0 && rps[key, l] > 0)
        printf "round %s, outstanding %s: %s / nginx replies/s = %.2f, p99 = %.2f, CPU per reply = %.2f; %s / direct = %.2f, nginx / direct = %.2f\n",
          k[1], k[2], l, rps[key, l] / rps[key, "nginx"], p99[key, l] / p99[key, "nginx"],
          cpu[key, l] / cpu[key, "nginx"], l, rps[key, l] / rps[key, "direct"], rps[key, "nginx"] / rps[key, "direct"]
    }
  }' "$results" | sort -t, -k1,2
echo
for t in $transports; do
  # The 5 s interval that relayed the most datagrams: steady state under load.
  alloc="$(grep 'allocated' "$work/fulcrum-$t.log" | sed 's/^ *//' \
    | awk '{ n = $(NF-5); gsub(/\(/, "", n); if (n + 0 > best) { best = n + 0; line = $0 } } END { print line }')"
  echo "fulcrum-$t, busiest 5 s interval: ${alloc:-n/a}"
  echo "fulcrum-$t old generation in use (KiB) at start and after each run: $(awk -v l="fulcrum-$t" '$1 == l { printf "%s ", $3 }' "$oldgen")"
done
if [[ -s "$syscall_report" ]]; then
  echo
  echo "System calls per reply of the balancer (perf stat over the measured window of one extra run at ${syscall_n} outstanding):"
  cat "$syscall_report"
fi
