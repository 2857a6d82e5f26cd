// Prints the one closing line CI reads: "N passed, N failed, N skipped", from vitest's JSON
// reports (a failed typecheck, a missing report or a report with no tests counts as a failure).
// Exits 1 if anything failed.
import { existsSync, readFileSync } from 'node:fs';

const [typecheckFailed, ...reports] = process.argv.slice(2);
let passed = 0;
let failed = Number(typecheckFailed) > 0 ? 1 : 0;
let skipped = 0;
if (failed) console.error('typecheck failed (counted as one failure)');
for (const file of reports) {
  if (!existsSync(file)) {
    console.error(`missing test report ${file} (counted as one failure)`);
    failed++;
    continue;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + r.numTodoTests;
  if (r.numTotalTests === 0) {
    console.error(`${file}: no tests ran (counted as one failure)`);
    failed++;
  }
  if (r.success === false && r.numFailedTests === 0) {
    console.error(`${file}: the run failed outside any test (counted as one failure)`);
    failed++;
  }
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exitCode = failed > 0 ? 1 : 0;
