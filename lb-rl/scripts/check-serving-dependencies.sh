#!/usr/bin/env bash
# Checks that a service depending on lb-rl resolves nothing but lb-api: no lb-sim, no DJL, nothing
# else at compile or runtime scope (training lives in lb-rl-training). Usage, from anywhere:
#
#   lb-rl/scripts/check-serving-dependencies.sh
#
# Packages lb-api and lb-rl (tests skipped; lb-core is built as lb-rl's test dependency), asks
# Maven for lb-rl's resolved runtime dependencies and fails, naming them, if any other artifact
# than io.github.fulcrumlb:lb-api appears.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
list="$root/lb-rl/target/runtime-dependencies.txt"
rm -f "$list"
(cd "$root" && ./mvnw -q -B -pl lb-api,lb-core,lb-rl -DskipTests package dependency:list \
  -DincludeScope=runtime -DoutputFile=target/runtime-dependencies.txt) >/dev/null
if [[ ! -s "$list" ]]; then
  echo "FAIL: Maven wrote no dependency list at $list" >&2
  exit 1
fi
resolved="$(grep -E '^ +[^ ]+:[^ ]+:' "$list" | awk '{print $1}' || true)"
unexpected="$(grep -vE '^io\.github\.fulcrumlb:lb-api:' <<<"$resolved" || true)"
if [[ -n "$unexpected" ]]; then
  echo "FAIL: lb-rl resolves more than lb-api at runtime (move it to lb-rl-training):" >&2
  printf '  %s\n' $unexpected >&2
  exit 1
fi
if ! grep -q '^io\.github\.fulcrumlb:lb-api:' <<<"$resolved"; then
  echo "FAIL: lb-api missing from lb-rl's dependency list; the list format changed? $list" >&2
  exit 1
fi
echo "OK: lb-rl resolves only lb-api at runtime (no lb-sim, no DJL)"
