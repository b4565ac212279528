#!/usr/bin/env bash
# How much of a difference between strategies on one scenario is the seed's luck: runs the scenario
# on many seeds, and prints each seed's ratios of a row to a reference (mean and p99), then per row
# the geometric mean of the ratios with a 95% bootstrap interval, their ranges, and how many seeds
# are at or below a bound (on p99, and on both mean and p99). Usage (from the repository root):
#
#   lb-rl/scripts/seed-spread.sh SCENARIO REFERENCE ROWS [FIRST_SEED [LAST_SEED [BOUND]]]
#
#   lb-rl/scripts/seed-spread.sh heterogeneous rl 'rl[online=true]' 101 120 1.02
#   lb-rl/scripts/seed-spread.sh no-metrics best rl 101 120 0.9     # best = the best heuristic
#   lb-rl/scripts/seed-spread.sh no-metrics rl 'rl[cost-spread=1.61]' 101 120   # a tiny change
#
# REFERENCE is a strategy spec, or `best`: per seed the lowest mean and (separately) the lowest p99
# of p2c, peak-ewma, least-load, weighted-round-robin and least-request, as in evaluate.sh. ROWS
# are comma-separated specs (brackets allowed). Seeds default to 101..120 (never training seeds:
# see evaluate.sh), BOUND to 1. Set REQUESTS to change the run length. Every run is a full
# `fulcrum simulate`; a 1 M-request scenario takes about 1.5 s per row on a 2-core machine.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
if [[ $# -lt 3 ]]; then
  sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
scenario="$1"
reference="$2"
rows="$3"
first="${4:-101}"
last="${5:-120}"
bound="${6:-1}"
[[ "$first" =~ ^[0-9]+$ && "$last" =~ ^[0-9]+$ && "$first" -le "$last" ]] ||
  { echo "seeds must be whole numbers, FIRST_SEED <= LAST_SEED" >&2; exit 2; }
[[ "$bound" =~ ^[0-9]*\.?[0-9]+$ ]] || { echo "BOUND must be a number > 0" >&2; exit 2; }
heuristics="p2c,peak-ewma,least-load,weighted-round-robin,least-request"
if [[ "$reference" == best ]]; then strategies="$rows,$heuristics"; else strategies="$reference,$rows"; fi
request_args=()
[[ -n "${REQUESTS:-}" ]] && request_args=(--requests "$REQUESTS")

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for ((seed = first; seed <= last; seed++)); do
  if ! "$root/fulcrum" simulate --scenario "$scenario" --strategies "$strategies" --seed "$seed" \
      --format csv --no-chart --quiet ${request_args[@]+"${request_args[@]}"} \
      >"$work/run.csv" 2>"$work/run.err"; then
    echo "fulcrum simulate failed on seed $seed:" >&2
    grep -v 'OnlineLearner\|^INFO\|^WARNING' "$work/run.err" >&2 || true
    exit 1
  fi
  # CSV: a label with options in brackets may hold commas, and then it is quoted
  awk -v seed="$seed" '
    NR > 1 {
      n = 0; field = ""; quoted = 0
      for (i = 1; i <= length($0); i++) {
        c = substr($0, i, 1)
        if (c == "\"") { quoted = !quoted; continue }
        if (c == "," && !quoted) { f[++n] = field; field = ""; continue }
        field = field c
      }
      f[++n] = field
      print seed "\t" f[3] "\t" f[9] "\t" f[12]
    }' "$work/run.csv" >>"$work/rows.tsv"
done
awk -F'\t' -v reference="$reference" -v rows="$rows" -v heuristics="$heuristics" -v bound="$bound" \
    -v scenario="$scenario" '
  BEGIN {
    n = split(rows, row, ",")
    # a spec may hold commas inside brackets: glue the pieces back together
    k = 0
    for (i = 1; i <= n; i++) {
      piece = row[i]
      while (gsub(/\[/, "[", piece) > gsub(/\]/, "]", piece) && i < n) { i++; piece = piece "," row[i] }
      label[++k] = piece
    }
    n = k
    split(heuristics, h, ",")
    for (i in h) heuristic[h[i]] = 1
    srand(1)
  }
  {
    seed = $1; seeds[seed] = 1
    mean[seed, $2] = $3; p99[seed, $2] = $4
    if (reference == "best" && ($2 in heuristic)) {
      if (!((seed, "best") in mean) || $3 + 0 < mean[seed, "best"]) mean[seed, "best"] = $3
      if (!((seed, "best") in p99) || $4 + 0 < p99[seed, "best"]) p99[seed, "best"] = $4
    }
  }
  END {
    printf "scenario %s, ratios to %s\n\n| seed |", scenario, reference
    for (j = 1; j <= n; j++) printf " %s mean | %s p99 |", label[j], label[j]
    printf "\n|---|"
    for (j = 1; j <= n; j++) printf "---|---|"
    printf "\n"
    m = 0
    for (seed in seeds) order[++m] = seed + 0
    for (a = 1; a <= m; a++) for (b = a + 1; b <= m; b++) if (order[b] < order[a]) { t = order[a]; order[a] = order[b]; order[b] = t }
    for (a = 1; a <= m; a++) {
      seed = order[a]
      printf "| %d |", seed
      for (j = 1; j <= n; j++) {
        if (!((seed, label[j]) in mean) || !((seed, reference) in mean)) {
          print "\nmissing row " label[j] " or " reference " for seed " seed > "/dev/stderr"; exit 1
        }
        rm = mean[seed, label[j]] / mean[seed, reference]; rp = p99[seed, label[j]] / p99[seed, reference]
        lm[j, a] = log(rm); lp[j, a] = log(rp)
        printf " %.2f | %.2f |", rm, rp
      }
      printf "\n"
    }
    printf "\n| row | seeds | geo. mean of mean ratios (95%% CI) | geo. mean of p99 ratios (95%% CI) | mean ratio range | p99 ratio range | seeds with p99 ratio <= %s | with both <= %s |\n|---|---|---|---|---|---|---|---|\n", bound, bound
    for (j = 1; j <= n; j++) {
      summary(j, lm, gm, lo_m, hi_m)
      summary(j, lp, gp, lo_p, hi_p)
      lo = 1e300; hi = 0; mlo = 1e300; mhi = 0; within = 0; both = 0
      for (a = 1; a <= m; a++) {
        r = exp(lp[j, a]); if (r < lo) lo = r; if (r > hi) hi = r; if (r <= bound + 1e-9) within++
        q = exp(lm[j, a]); if (q < mlo) mlo = q; if (q > mhi) mhi = q
        if (r <= bound + 1e-9 && q <= bound + 1e-9) both++
      }
      printf "| %s | %d | %.3f (%.3f-%.3f) | %.3f (%.3f-%.3f) | %.3f-%.3f | %.3f-%.3f | %d of %d | %d of %d |\n",
        label[j], m, gm[0], lo_m[0], hi_m[0], gp[0], lo_p[0], hi_p[0], mlo, mhi, lo, hi, within, m, both, m
    }
  }
  # geometric mean of exp(x[j, 1..m]) and a 95% percentile-bootstrap interval (2000 resamples)
  function summary(j, x, g, lo, hi,    a, s, r, b, draws, k, t) {
    s = 0
    for (a = 1; a <= m; a++) s += x[j, a]
    g[0] = exp(s / m)
    for (r = 1; r <= 2000; r++) {
      s = 0
      for (a = 1; a <= m; a++) s += x[j, 1 + int(rand() * m)]
      draws[r] = s / m
    }
    asort_numeric(draws, 2000)
    lo[0] = exp(draws[50]); hi[0] = exp(draws[1951])
  }
  function asort_numeric(v, len,    i, j, t, gap) { # shell sort: plain awk has no asort
    for (gap = int(len / 2); gap > 0; gap = int(gap / 2))
      for (i = gap + 1; i <= len; i++) {
        t = v[i]
        for (j = i; j > gap && v[j - gap] > t; j -= gap) v[j] = v[j - gap]
        v[j] = t
      }
  }' "$work/rows.tsv"
