#!/usr/bin/env bash
# Runs every strategy on every bundled scenario with one seed and prints one Markdown table, a row
# per strategy and a column per scenario. Each cell is "mean / p99": that strategy's mean and p99
# latency relative to the best non-clairvoyant strategy of the scenario for that statistic (1.00,
# in bold, is the best; the clairvoyant row is the bound, not a contender); the last row gives
# the best values in ms. It is the strategy guide in README.md ("Strategies"). Usage (from
# anywhere in the checkout):
#
#   lb-sim/scripts/strategy-guide.sh [SEED] [CSV_DIR]    # default: seed 101, CSVs not kept
#
# Each column comes from `./fulcrum simulate --scenario S --strategies all --seed SEED --format csv`;
# with CSV_DIR the per-scenario CSVs are kept there as S.csv. The simulator is deterministic for
# a seed, so the table does not depend on the machine or its load. `rl` runs the bundled model.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
seed="${1:-101}"
csv_dir="${2:-}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

scenarios=()
while read -r name _; do
  scenarios+=("$name")
done < <("$root/fulcrum" simulate --list)

for scenario in "${scenarios[@]}"; do
  "$root/fulcrum" simulate --scenario "$scenario" --strategies all --seed "$seed" \
    --format csv --no-chart --quiet 2>/dev/null > "$work/$scenario.csv"
  if [[ -n "$csv_dir" ]]; then
    mkdir -p "$csv_dir"
    cp "$work/$scenario.csv" "$csv_dir/$scenario.csv"
  fi
done

files=()
for scenario in "${scenarios[@]}"; do
  files+=("$work/$scenario.csv")
done
awk -F, -v seed="$seed" '
  # Two decimals near 1, fewer for the runaway queues of strategies that ignore load.
  function ratio(r) { return r < 10 ? sprintf("%.2f", r) : r < 100 ? sprintf("%.1f", r) : sprintf("%.0f", r) }
  function ms(v) { return v < 1000 ? sprintf("%.1f", v) : sprintf("%.0f", v) }
  function cell(name, j, k,   text) {
    text = ratio(value[name, j, k] / best[j, k])
    if (name != "clairvoyant" && value[name, j, k] + 0 == best[j, k] + 0) text = "**" text "**"
    return text
  }
  FNR == 1 {
    n++
    for (i = 1; i <= NF; i++) { if ($i == "mean_ms") col[1] = i; if ($i == "p99_ms") col[2] = i }
    next
  }
  {
    scenario[n] = $1
    if (!($3 in known)) { known[$3] = 1; order[++strategies] = $3 }
    for (k = 1; k <= 2; k++) {
      value[$3, n, k] = $col[k]
      if ($3 != "clairvoyant" && (!((n, k) in best) || $col[k] + 0 < best[n, k] + 0)) best[n, k] = $col[k]
    }
  }
  END {
    printf "Seed %s; each cell: mean / p99 latency relative to the best non-clairvoyant strategy.\n\n", seed
    printf "| strategy |"
    for (j = 1; j <= n; j++) printf " `%s` |", scenario[j]
    printf "\n|---|"
    for (j = 1; j <= n; j++) printf "---|"
    printf "\n"
    for (s = 1; s <= strategies; s++) {
      name = order[s]
      printf "| `%s`%s |", name, name == "clairvoyant" ? " (bound)" : ""
      for (j = 1; j <= n; j++) {
        if ((name, j, 1) in value) printf " %s / %s |", cell(name, j, 1), cell(name, j, 2)
        else printf " – |"
      }
      printf "\n"
    }
    printf "| best, ms |"
    for (j = 1; j <= n; j++) printf " %s / %s |", ms(best[j, 1]), ms(best[j, 2])
    printf "\n"
  }' "${files[@]}"
