import { defineConfig } from 'vitest/config';

// Tests run from the TypeScript sources: every workspace import resolves to its `src/` through the
// `source` export condition (and child processes of tests do the same through tsx; see
// libs/testkit/src/repo-paths.ts). Nothing needs a build first.
const ignored = ['**/node_modules/**', '**/dist/**'];
const sourceFirst = { conditions: ['source', 'node', 'import', 'default'] };

/**
 * Integration files that stop and restart the broker: never beside another file using that broker.
 * Two lanes, each on a broker of its own in `npm test`, so the longest outage drills overlap.
 */
const kafkaOutageFilesA = ['services/filter/test/broker-outage.int.test.ts'];
const kafkaOutageFilesB = [
  'libs/kafka/test/lag-reporter.int.test.ts',
  'services/producer/test/kafka-outage.int.test.ts',
];
/** Integration files that stop and restart the database: never beside another file using that database. */
const databaseOutageFiles = [
  'services/sink/test/database-outage.int.test.ts',
  'services/trends/test/trends.int.test.ts',
];

/**
 * A project of files that take a server down, one file at a time. `npm test` runs each such project
 * in a vitest process of its own beside the others, on a server nobody else uses (tools/dev/run.sh);
 * a run of a subset runs them in this process, after the parallel group, on the one local stack.
 */
const outageProject = (name: string, include: string[], groupOrder: number) => ({
  extends: true as const,
  test: {
    name,
    include,
    exclude: ignored,
    testTimeout: 600_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    sequence: { groupOrder },
  },
});

export default defineConfig({
  resolve: sourceFirst,
  ssr: { resolve: { conditions: sourceFirst.conditions, externalConditions: ['source'] } },
  test: {
    pool: 'forks',
    // Natural's dotenv banner must not reach stdout (one JSON object per line in service logs).
    env: { DOTENV_CONFIG_QUIET: 'true' },
    coverage: {
      provider: 'v8',
      include: ['{libs,services,tools}/*/src/**/*.ts'],
      exclude: [...ignored],
      reporter: ['text-summary', 'json-summary'],
      // The figures even when a test failed: a failing run is when they are looked for.
      reportOnFailure: true,
      // Of the code run in the vitest processes (services started as child processes are not
      // counted); measured 72.5 % lines, 71.6 % statements, 73.5 % branches, 73.1 % functions on
      // 2026-12-06. CI fails below these.
      thresholds: { lines: 70, statements: 69, branches: 71, functions: 70 },
    },
    projects: [
      {
        extends: true,
        test: {
          // Pure logic and in-process servers on loopback: no broker, no database, no external tool.
          name: 'unit',
          include: ['{libs,services,tools}/*/test/**/*.test.ts'],
          exclude: [...ignored, '**/*.int.test.ts'],
          testTimeout: 120_000,
          // Before the integration files: their imports are CPU-heavy, the integration files'
          // timing-sensitive drills run better without them alongside.
          maxWorkers: 2,
          // One module graph per worker, not per file: the files are pure and share no state, and
          // re-importing the workspaces for each file was half of this project's time (72 s -> 36 s
          // here, quiet).
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          // The real broker and database (each file its own random topics, groups and database), and
          // the real external tools (promtool, actionlint, shellcheck): files run side by side.
          name: 'integration',
          include: ['{libs,services,tools}/*/test/**/*.int.test.ts'],
          exclude: [...ignored, ...kafkaOutageFilesA, ...kafkaOutageFilesB, ...databaseOutageFiles],
          // Mostly waiting on the broker, the database and child services: more files than cores.
          maxWorkers: 3,
          testTimeout: 600_000,
          hookTimeout: 300_000,
          sequence: { groupOrder: 1 },
        },
      },
      outageProject('integration-kafka-outage-a', kafkaOutageFilesA, 2),
      outageProject('integration-kafka-outage-b', kafkaOutageFilesB, 3),
      outageProject('integration-database-outage', databaseOutageFiles, 4),
    ],
  },
});
