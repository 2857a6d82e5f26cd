#!/usr/bin/env bash
# The whole test suite: typecheck, every vitest test (unit, behaviour, CLI, server), the timing
# tests on their own (test/timing: they measure a wall clock, so nothing else may run beside
# them), then the browser tests (Debian's Chromium driven by playwright-core against the built
# app). Writes JSON
# reports to test-results/ and ends with one plain line: "N passed, N failed, N skipped".
# Arguments are passed to the unit run (a file filter, say) and skip the browser tests.
set -uo pipefail
cd "$(dirname "$0")/.."
export NO_COLOR=1
mkdir -p test-results
rm -f test-results/unit.json test-results/timing.json test-results/e2e.json

typecheck=0
echo "=== typecheck (tsc)"
npx --no-install tsc -p tsconfig.json || typecheck=1

echo "=== tests (vitest)"
npx --no-install vitest run --reporter=default --reporter=json --outputFile.json=test-results/unit.json "$@"

reports=(test-results/unit.json)
if [ "$#" -eq 0 ]; then
  echo "=== timing tests (alone)"
  npx --no-install vitest run -c vitest.timing.config.ts --reporter=default --reporter=json --outputFile.json=test-results/timing.json
  reports+=(test-results/timing.json)
  echo "=== browser tests (vitest + playwright-core + /usr/bin/chromium)"
  npx --no-install vitest run -c vitest.e2e.config.ts --reporter=default --reporter=json --outputFile.json=test-results/e2e.json
  reports+=(test-results/e2e.json)
fi

node scripts/test-summary.mjs "$typecheck" "${reports[@]}"
