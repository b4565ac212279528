#!/usr/bin/env bash
# Evaluates the rl strategy against the heuristics on every bundled scenario with seeds not used
# in training, and prints a Markdown table, a row per scenario and seed: rl's mean and p99 latency
# (ms), the best heuristic's (p2c, peak-ewma, least-load, weighted-round-robin, least-request;
# named), the ratios, and rl's ratios to the clairvoyant row; then what two weaker oracles say of
# the headroom: rl's p99 over the count-only oracle's (it knows every backend's true request count,
# slots and rate, nothing of sizes or queued work: the most a balancer's counts and perfect speed
# estimates could tell), and the size-blind oracle's p99 (it knows all the clairvoyant knows but
# the request's size) over the best heuristic's and over the clairvoyant's: no balancer sees sizes,
# so a target below those two is out of any balancer's reach. Usage (from the repository root):
#
#   lb-rl/scripts/evaluate.sh [MODEL_FILE] [SEEDS...]        # default: bundled model, seed 101
#   RL='rl[online=true]' lb-rl/scripts/evaluate.sh "" 101 102 103   # another rl variant (a spec)
#
# Rows cover each scenario's whole measured run, `drift` (held out of training) included; for
# drift's after-the-change figures see the window_* and adapted_after_s columns that
# `simulate --format csv` appends after the per-backend ones (positions $3..$16 never move).
#
# Training seeds are derived from --seed through a SplittableRandom (63-bit values), so small
# evaluation seeds such as 101..103 are never training seeds.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
model="${1:-}"
shift || true
seeds=("${@:-101}")
rl="${RL:-rl}"
[[ ${#seeds[@]} -eq 0 ]] && seeds=(101)
heuristics="p2c,peak-ewma,least-load,weighted-round-robin,least-request"
oracles="count-oracle,size-blind-oracle"
model_args=()
[[ -n "$model" ]] && model_args=(--model "$model")
# CSV to tab-separated: a row label with options in brackets may hold commas, and is then quoted.
csv_to_tsv() {
  awk '{
    out = ""; field = ""; quoted = 0
    for (i = 1; i <= length($0); i++) {
      c = substr($0, i, 1)
      if (c == "\"") { quoted = !quoted; continue }
      if (c == "," && !quoted) { out = out field "\t"; field = ""; continue }
      field = field c
    }
    print out field
  }'
}
printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' scenario seed \
  'rl mean' 'best heuristic mean' 'rl p99' 'best heuristic p99' 'mean / best' 'p99 / best' \
  'mean / clv' 'p99 / clv' 'p99 / count-oracle' 'size-blind p99 / best' 'size-blind p99 / clv'
printf '|---|---|---|---|---|---|---|---|---|---|---|---|---|\n'
for scenario in $("$root/fulcrum" simulate --list | awk '{print $1}'); do
  for seed in "${seeds[@]}"; do
    "$root/fulcrum" simulate --scenario "$scenario" --strategies "$rl,$heuristics,$oracles" --seed "$seed" \
      --format csv --no-chart --quiet ${model_args[@]+"${model_args[@]}"} 2>/dev/null |
    csv_to_tsv |
    awk -F'\t' -v s="$scenario" -v seed="$seed" -v rl="$rl" '
      NR == 1 { next }
      $3 == rl { rm = $9; rp = $12; rmc = $15; rpc = $16; next }
      $3 == "count-oracle" { cp = $12; next }
      $3 == "size-blind-oracle" { sp = $12; spc = $16; next }
      $3 == "clairvoyant" { next }
      { if (bm == "" || $9 + 0 < bm + 0) { bm = $9; bmn = $3 }
        if (bp == "" || $12 + 0 < bp + 0) { bp = $12; bpn = $3 } }
      END { printf "| %s | %s | %.2f | %.2f (%s) | %.1f | %.1f (%s) | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |\n",
            s, seed, rm, bm, bmn, rp, bp, bpn, rm / bm, rp / bp, rmc, rpc, rp / cp, sp / bp, spc }'
  done
done
