#!/usr/bin/env bash
# The whole test suite: typecheck, then every vitest test (unit, behaviour, CLI). Writes JSON
# reports to test-results/ and ends with one plain line: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
export NO_COLOR=1
mkdir -p test-results
rm -f test-results/unit.json

typecheck=0
echo "=== typecheck (tsc)"
npx --no-install tsc -p tsconfig.json || typecheck=1

echo "=== tests (vitest)"
npx --no-install vitest run --reporter=default --reporter=json --outputFile.json=test-results/unit.json "$@"

node scripts/test-summary.mjs "$typecheck" test-results/unit.json
