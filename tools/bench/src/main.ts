#!/usr/bin/env node
// `npm run bench`: measures the pipeline on this machine with every component
// local and writes docs/benchmarks.md, .json and .svg. Figures, not verdicts.
// `npm run bench -- NAME…` runs micro-benchmarks (*/bench/NAME.bench.ts) instead.
import { join } from 'node:path';
import { parseOrExit } from '@tweet-pipeline/cli';
import { ensureLocalStack, repoRoot } from '@tweet-pipeline/testkit';
import { benchCommand, parseBenchArgs } from './args.js';
import { microBenchmarks, runMicroBenchmarks } from './micro-benchmarks.js';

// The command line first: --help and a bad argument must neither start the stack nor touch the report.
const micro = microBenchmarks(repoRoot);
const defaultOut = join(repoRoot, 'docs');
const options = parseOrExit(benchCommand(defaultOut, micro), () =>
  parseBenchArgs(process.argv.slice(2), defaultOut, micro),
);
// Started unless running; then stopped when this process exits.
ensureLocalStack();
if (options.micro.length > 0) process.exit(runMicroBenchmarks(options.micro));
// Loaded only now: the scenarios bring heavy libraries (natural) that --help need not wait for.
const { runSuite } = await import('./suite.js');
await runSuite(options);
process.exit(0);
