#!/bin/sh
# What V8's optimising compiler costs a process that plays N autopilot games (default 400, as a batch
# does): the CPU milliseconds of every Turbofan compile, in all and by function, and how often each
# function was compiled (more than once: its optimised code was thrown away, e.g. on a new object shape).
# Usage: npm run build:cli && sh scripts/jit-cost.sh [N]
set -eu
n="${1:-400}"
node --trace-opt dist/cli/bench.js --games "$n" | awk '
  /^[0-9]+ autopilot games:/ { print; next }
  /completed compiling .*took/ {
    name = $0; sub(/.*<JSFunction /, "", name); sub(/ .*/, "", name)
    took = $0; sub(/.*took /, "", took); sub(/ ms.*/, "", took)
    split(took, part, ", "); ms = part[1] + part[2] + part[3]
    total += ms; count += 1; byName[name] += ms; times[name] += 1
  }
  END {
    printf "Turbofan: %d compiles, %.0f ms of CPU in all\n", count, total
    for (f in byName) printf "%8.1f ms %3d× %s\n", byName[f], times[f], f | "sort -rn | head -12"
  }'
