import assert from 'node:assert/strict';
import { test } from 'vitest';
import {
  json,
  markdown,
  passed,
  restartsCell,
  result,
  tableRow,
  type DrillReport,
  type TrialRow,
} from '../src/report.js';

const row = (overrides: Partial<TrialRow> = {}): TrialRow => ({
  trial: 'filter-kill',
  run: 1,
  sent: 8_000,
  expected: 2_280,
  stored: 2_280,
  lost: 0,
  duplicated: 0,
  restarts: [{ service: 'filter-0', atSeconds: 9.7, cause: 'killed by the drill' }],
  seconds: 47.2,
  drained: true,
  fault: 'SIGKILL filter-0 at 8.7 s',
  notes: ['tweets.clean (read_committed): 2,280 records, every id once'],
  lostSample: [],
  duplicatedSample: [],
  logDir: '/tmp/drills-x/filter-kill-1',
  workload: { count: 8_000, rate: 400, seed: 1 },
  ...overrides,
});

const report = (rows: TrialRow[]): DrillReport => ({
  machine: { cpu: 'Test CPU', cores: 2, memoryGiB: 24, node: '24.21.0', servers: 'local servers' },
  startedAt: '2026-11-26T19:00:00.000Z',
  seconds: 754,
  command: 'npm run test:chaos -- --repeat=2',
  options: { repeat: 2, only: ['filter-kill', 'broker-outage'] },
  code: { commit: '0123456789abcdef', modifiedFiles: 3 },
  environment: [],
  rows,
});

test('a row passes only when drained, without drill error, with nothing lost or duplicated', () => {
  assert.equal(passed(row()), true);
  assert.equal(result(row()), 'pass');
  assert.equal(result(row({ lost: 1 })), 'FAIL (lost)');
  assert.equal(result(row({ duplicated: 2, drained: false })), 'FAIL (duplicated, not drained)');
  assert.equal(result(row({ error: 'Kafka did not start' })), 'FAIL (drill error)');
});

test('restarts are totalled and attributed to their processes', () => {
  assert.equal(restartsCell([]), '0');
  assert.equal(
    restartsCell([
      { service: 'filter-0', atSeconds: 1, cause: 'killed by the drill' },
      { service: 'sink', atSeconds: 2, cause: 'exited with code 1' },
      { service: 'filter-0', atSeconds: 3, cause: 'exited with code 1' },
    ]),
    '3 (filter-0 2, sink 1)',
  );
});

test('the table row carries every column, numbers grouped', () => {
  assert.equal(
    tableRow(row({ lost: 12, stored: 2_268 })),
    '| filter-kill #1 | 8,000 | 2,280 | 2,268 | 12 | 0 | 1 (filter-0 1) | 47 s | FAIL (lost) |',
  );
});

test('markdown: machine, date, command, verdict count, table, and per-row diagnostics for failures', () => {
  const md = markdown(
    report([
      row(),
      row({
        trial: 'broker-outage',
        lost: 3,
        stored: 2_277,
        lostSample: ['11', '12', '13'],
        notes: ['lost ids last seen: 0 never on tweets.raw (producer), 3 on tweets.raw only (filter)'],
      }),
    ]),
  );
  assert.match(md, /^# Reliability drills/);
  assert.match(md, /`npm run test:chaos -- --repeat=2` on 2026-11-26T19:00:00.000Z in 12 min 34 s/);
  assert.match(md, /Test CPU, 2 cores, 24 GiB, Node 24\.21\.0/);
  assert.match(md, /commit 0123456789ab with 3 files/);
  assert.match(md, /\*\*1 of 2 rows met it\.\*\*/);
  assert.match(
    md,
    /\| trial \| tweets sent \| expected stored \| stored \| lost \| duplicated \| restarts \| duration \| result \|/,
  );
  assert.match(md, /### broker-outage #1: FAIL \(lost\)/);
  assert.match(md, /lost ids \(first 3\): 11, 12, 13/);
  assert.match(md, /service logs: `\/tmp\/drills-x\/filter-kill-1`/);
  assert.match(md, /- \*\*broker-outage\*\* — Stop the Kafka broker/);
  assert.doesNotMatch(md, /- \*\*sink-kill\*\*/, 'only the drills that ran are described');
});

test('environment warnings are shown above the table', () => {
  const md = markdown({ ...report([row()]), environment: ['the Kafka broker listens on port 49192'] });
  assert.match(md, /> \*\*Environment:\*\* the Kafka broker listens on port 49192\./);
});

test('json carries every row with its verdict', () => {
  const parsed = JSON.parse(json(report([row(), row({ run: 2, duplicated: 1 })]))) as {
    rows: { run: number; passed: boolean; result: string }[];
  };
  assert.deepEqual(
    parsed.rows.map((r) => [r.run, r.passed, r.result]),
    [
      [1, true, 'pass'],
      [2, false, 'FAIL (duplicated)'],
    ],
  );
});
