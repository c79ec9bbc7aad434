// Adds up vitest JSON reports (one per vitest process of `npm test`) and prints the closing
// line CI reads: "tests: N passed, N failed, N skipped". Exits 1 when a test failed, a report
// is missing (its process died) or no test ran at all.
/* global process, console */
import { readFileSync } from 'node:fs';

const totals = { passed: 0, failed: 0, skipped: 0, suitesFailed: 0 };
let missing = 0;
for (const file of process.argv.slice(2)) {
  let report;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    console.error(`[run] no test report at ${file}: ${err.message}`);
    missing++;
    continue;
  }
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  totals.skipped += report.numPendingTests + report.numTodoTests;
  totals.suitesFailed += report.numFailedTestSuites;
}
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
if (totals.suitesFailed > 0) console.error(`[run] ${totals.suitesFailed} test files failed`);
process.exit(missing > 0 || totals.failed > 0 || totals.suitesFailed > 0 || totals.passed === 0 ? 1 : 0);
