import assert from 'node:assert/strict';
import { test } from 'vitest';
import { commandLine, parseDrillArgs, schedule, UsageError } from '../src/args.js';
import { TrialNames } from '../src/report.js';

test('defaults: every drill, kills five times, the others once', () => {
  const options = parseDrillArgs([], '/docs');
  assert.equal(options.repeat, 5);
  assert.deepEqual(options.only, TrialNames);
  const plan = schedule(options);
  assert.equal(plan.length, 3 * 5 + 5);
  assert.deepEqual(plan.slice(0, 2), [
    { trial: 'producer-kill', run: 1 },
    { trial: 'producer-kill', run: 2 },
  ]);
  assert.equal(commandLine(options), 'npm run test:chaos');
});

test('--repeat and --only pick the runs, in the suite order whatever the order given', () => {
  const options = parseDrillArgs(['--repeat=2', '--only=database-outage,sink-kill'], '/docs');
  assert.deepEqual(schedule(options), [
    { trial: 'sink-kill', run: 1 },
    { trial: 'sink-kill', run: 2 },
    { trial: 'database-outage', run: 1 },
  ]);
  assert.equal(commandLine(options), 'npm run test:chaos -- --repeat=2 --only=sink-kill,database-outage');
});

test('bad options are usage errors naming the problem', () => {
  assert.throws(() => parseDrillArgs(['--repeat=0'], '/docs'), UsageError);
  assert.throws(() => parseDrillArgs(['--repeat=two'], '/docs'), /positive integer/);
  assert.throws(() => parseDrillArgs(['--only=filter-kill,meteor'], '/docs'), /unknown trial meteor/);
  assert.throws(() => parseDrillArgs(['--bogus'], '/docs'), UsageError);
});
