#!/usr/bin/env bash
# Re-pins the golden replays in tests/golden. Run only together with an ENGINE_VERSION or format bump.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent build:cli
out=tests/golden
node bin/communique.js simulate --scenario new-delhi-fmm-2023 --seed 1 --role CHAIR --out $out/new-delhi-fmm-2023.chair.seed-1.replay.json --json >/dev/null
node bin/communique.js simulate --scenario new-delhi-fmm-2023 --seed 2 --role US --out $out/new-delhi-fmm-2023.us.seed-2.replay.json --json >/dev/null
node bin/communique.js simulate --scenario new-delhi-fmm-2023 --seed 1 --out $out/new-delhi-fmm-2023.autopilot.seed-1.replay.json --json >/dev/null
node bin/communique.js simulate --scenario tutorial --seed 1 --role CHAIR --out $out/tutorial.chair.seed-1.replay.json --json >/dev/null
echo "golden replays written to $out"
