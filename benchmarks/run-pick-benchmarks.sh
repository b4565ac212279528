#!/usr/bin/env bash
# Cost per pick of every Fulcrum strategy beside Netflix Ribbon's rules, in one JMH run.
#
# Builds benchmarks/target/benchmarks.jar when it is missing or older than a source or POM, runs
# PickBenchmark and RibbonPickBenchmark with the GC profiler (one and two threads, 3/16/256
# backends), writes JMH's JSON to benchmarks/target/pick-results.json and prints one table:
# strategy, backends, threads, ns/op ± error, B/op (gc.alloc.rate.norm).
#
# Usage: benchmarks/run-pick-benchmarks.sh [--rebuild] [JMH options...] [benchmark regex...]
#   Defaults, each replaced when the option is given: -f 1 -wi 3 -w 1s -i 5 -r 1s, regex PickBenchmark.
#   -prof gc is always on. Examples:
#     benchmarks/run-pick-benchmarks.sh                                  # everything, ~8 min
#     benchmarks/run-pick-benchmarks.sh -wi 1 -i 1 -p backends=16        # a quick look
#     benchmarks/run-pick-benchmarks.sh RibbonPickBenchmark.pickOneThread -p backends=256
#   -t N overrides both methods' thread counts; -p strategy=... applies to both classes, so name
#   Fulcrum strategies and Ribbon rules (ribbon:RoundRobinRule, ribbon:BestAvailableRule) together
#   only with a regex that selects the matching class.
#   For docs/BENCHMARKS.md: python3 benchmarks/format-pick-results.py --markdown benchmarks/target/pick-results.json
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/benchmarks.jar"
results="$here/target/pick-results.json"
log="$here/target/pick-run.log"

rebuild=false
declare -A given=()
jmh_args=()
regexes=()
while (($#)); do
  case "$1" in
    -h | --help)
      sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
      exit 0
      ;;
    --rebuild)
      rebuild=true
      ;;
    -rf | -rff)
      echo "run-pick-benchmarks.sh: results always go to $results as JSON; drop $1" >&2
      exit 2
      ;;
    -l | -lp | -lrf | -lprof)
      jmh_args+=("$1")
      given[list]=1
      ;;
    -*)
      if (($# < 2)); then
        echo "run-pick-benchmarks.sh: option $1 needs a value" >&2
        exit 2
      fi
      given["$1"]=1
      [[ "$1 $2" == "-prof gc" ]] && given[gc]=1
      jmh_args+=("$1" "$2")
      shift
      ;;
    *)
      regexes+=("$1")
      ;;
  esac
  shift
done

if $rebuild || [[ ! -f "$jar" ]] \
  || [[ -n "$(find "$root" \( -name target -o -name .git \) -prune -o \
    \( -name '*.java' -o -name pom.xml -o -path '*/src/main/resources/*' \) -newer "$jar" -print -quit)" ]]; then
  echo "Building $jar ..." >&2
  (cd "$root" && ./mvnw -q -B -DskipTests package -pl benchmarks -am)
fi

defaults=(-f 1 -wi 3 -w 1s -i 5 -r 1s)
args=()
for ((k = 0; k < ${#defaults[@]}; k += 2)); do
  [[ -n "${given[${defaults[k]}]:-}" ]] || args+=("${defaults[k]}" "${defaults[k + 1]}")
done
[[ -n "${given[gc]:-}" ]] || args+=(-prof gc)
args+=(-rf json -rff "$results")
((${#regexes[@]})) || regexes=(PickBenchmark)

if [[ -n "${given[list]:-}" ]]; then
  exec "${JAVA:-java}" -jar "$jar" "${jmh_args[@]}" "${regexes[@]}"
fi

rm -f "$results"
set +e
"${JAVA:-java}" -jar "$jar" "${args[@]}" "${jmh_args[@]}" "${regexes[@]}" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

failed=$(grep -c '<failure>' "$log" || true)
if [[ -s "$results" ]]; then
  echo
  if command -v python3 >/dev/null; then
    python3 "$here/format-pick-results.py" "$results" || status=1
  else
    echo "python3 not found: see JMH's summary above, or $results"
  fi
fi
if ((failed > 0)); then
  echo >&2
  echo "$failed benchmark run(s) failed (missing from the table); details in $log:" >&2
  # JMH prints "<failure>", a blank line, then the exception: show each distinct exception once.
  awk '/<failure>/ { want = 1; next } want && NF { print "  " $0; want = 0 }' "$log" | sort | uniq -c >&2
  status=1
fi
exit "$status"
