#!/usr/bin/env node
// `npm run generate -w @tweet-pipeline/chaos`: rewrites fixtures/adversarial from adversarial-corpus.ts.
import { adversarialCorpus } from './adversarial-corpus.js';
import { writeCorpus } from './corpus-files.js';

for (const file of writeCorpus(adversarialCorpus())) process.stdout.write(`${file}\n`);
