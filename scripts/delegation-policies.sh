#!/usr/bin/env bash
# Prints the delegation policies (reckless, autopilot, skilled) against each other, seat by seat, as a
# Markdown table: the mean score over the same seeds for each, and the gap between skilled and reckless.
# Usage: bash scripts/delegation-policies.sh [runs] [scenario:SEAT ...]   (default 100 runs, the seats below)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-100}
shift || true
# Russia, the United States and China in every real meeting (the three with the most at stake on the
# contested paragraphs), two seats of the tutorial.
seats=("$@")
if [ ${#seats[@]} -eq 0 ]; then
  for s in bali-leaders-2022 buenos-aires-leaders-2018 hamburg-leaders-2017 new-delhi-fmm-2023 new-delhi-leaders-2023 osaka-leaders-2019 rio-fmm-2024 rome-leaders-2021; do
    seats+=("$s:RU" "$s:US" "$s:CN")
  done
  seats+=("tutorial:NOR" "tutorial:EAS")
fi
npm run --silent build:cli
echo "| meeting | seat | reckless | autopilot | skilled | skilled − reckless |"
echo "|---|---|---|---|---|---|"
for spec in "${seats[@]}"; do
  scenario=${spec%%:*}
  role=${spec##*:}
  line="| $scenario | $role |"
  declare -A mean=()
  for policy in reckless autopilot skilled; do
    json=$(node bin/communique.js batch --scenario "$scenario" --role "$role" --policy "$policy" --runs "$runs" --json 2>/dev/null)
    mean[$policy]=$(node -e 'const r = JSON.parse(process.argv[1]); console.log(`${r.meanScore.toFixed(2)} ± ${r.scoreStdError.toFixed(2)}`)' "$json")
    line="$line ${mean[$policy]} |"
  done
  gap=$(node -e 'console.log((parseFloat(process.argv[1]) - parseFloat(process.argv[2])).toFixed(2))' "${mean[skilled]}" "${mean[reckless]}")
  echo "$line $gap |"
done
echo
echo "$runs seeds each (batch seeds 1-1 … 1-$runs), every other seat on the autopilot."
