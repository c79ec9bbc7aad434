#!/usr/bin/env node
/**
 * Disaster recovery: rebuilds the tweets collection from the retention of
 * `tweets.clean` (see rebuildCommand). One JSON object on stdout says what was
 * done; logs and progress go to stderr.
 */
import {
  KafkaPipelineError,
  assertGroupInactive,
  commitGroupOffsets,
  committedOffsets,
  createKafka,
  rebuildStartOffsets,
} from '@tweet-pipeline/kafka';
import { helpText, ProgressLine, usageLine } from '@tweet-pipeline/cli';
import { createLogger, redactUri } from '@tweet-pipeline/observability';
import { createMongoClient } from '@tweet-pipeline/mongo';
import { loadSinkConfig, sinkMongoClientOptions } from './config.js';
import { SinkError } from './errors.js';
import { parseRebuildArgs, rebuildCommand } from './rebuild-args.js';

const EXIT = { done: 0, failed: 1, usage: 2, groupActive: 3 } as const;

const print = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value)}\n`);
};

async function rebuild(argv: readonly string[]): Promise<number> {
  const args = parseRebuildArgs(argv);
  if (args.help) {
    process.stdout.write(helpText(rebuildCommand()));
    return EXIT.done;
  }
  const config = loadSinkConfig(process.env);
  const log = createLogger({ service: 'sink-rebuild', level: 'warn', destination: process.stderr });
  const topic = config.topics.names.clean;
  const kafka = createKafka({ ...config.kafka, log });
  const admin = kafka.admin();
  const mongo = createMongoClient(sinkMongoClientOptions(config));
  const progress = new ProgressLine({ prefix: '[sink-rebuild] ' });
  await admin.connect();
  try {
    const groupState = await assertGroupInactive(admin, config.groupId);
    progress.update(`group ${config.groupId} ${groupState}; reading the offsets of ${topic}`);
    const [before, target, ends] = await Promise.all([
      committedOffsets(kafka, config.groupId, topic),
      rebuildStartOffsets(admin, topic, args.since),
      admin.fetchTopicOffsets(topic),
    ]);
    const end = new Map(ends.map((p) => [p.partition, BigInt(p.high)]));
    // Offsets, not records: transaction markers take offsets too.
    const offsetsToReplay = target.reduce((sum, t) => sum + ((end.get(t.partition) ?? 0n) - BigInt(t.offset)), 0n);
    progress.update(`offsets read: ${target.length} partitions, ${offsetsToReplay} offsets to replay`);
    await mongo.connect();
    const collection = mongo.db(config.mongo.database).collection(config.mongo.collection);
    const documentsBefore = await collection.estimatedDocumentCount();

    // Offsets first: if the drop then fails, the sink still rewrites everything (idempotently) into what is left.
    await commitGroupOffsets(kafka, config.groupId, topic, target);
    progress.update(`offsets stored: ${target.length} partitions of ${topic}, ${offsetsToReplay} offsets to replay`);
    let dropped = false;
    if (args.drop) {
      dropped = await collection.drop().catch(ignoreMissingCollection);
      progress.update(`offsets stored: ${target.length} partitions; collection ${dropped ? 'dropped' : 'absent'}`);
    }
    // A sink that joined in between may have written into the dropped collection and committed past it.
    await assertGroupInactive(admin, config.groupId);
    progress.done();

    print({
      ok: true,
      group: config.groupId,
      groupState,
      topic,
      uri: redactUri(config.mongo.uri),
      database: config.mongo.database,
      collection: config.mongo.collection,
      documentsBefore,
      dropped,
      since: args.since?.toISOString() ?? null,
      offsets: target.map((t) => ({ partition: t.partition, from: before.get(t.partition) ?? null, to: t.offset })),
      offsetsToReplay: offsetsToReplay.toString(),
      next: 'start the sink: it writes every record from these offsets again; documents still stored count as already_present',
    });
    return EXIT.done;
  } finally {
    progress.done();
    await admin.disconnect().catch(() => undefined);
    await mongo.close().catch(() => undefined);
  }
}

/** A collection that does not exist is as good as dropped. */
function ignoreMissingCollection(err: unknown): boolean {
  if ((err as { code?: unknown }).code === 26) return false;
  throw err;
}

rebuild(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const code =
      err instanceof SinkError || err instanceof KafkaPipelineError
        ? err.code
        : ((err as { code?: unknown }).code ?? 'FAILED');
    print({ ok: false, code, message: err instanceof Error ? err.message : String(err) });
    // The JSON above for scripts, one line for the person, as every command does.
    if (err instanceof SinkError && err.code === 'INVALID_ARGUMENT') {
      process.stderr.write(`${usageLine(rebuildCommand(), err.message)}\n`);
    }
    process.exit(
      err instanceof KafkaPipelineError && err.code === 'GROUP_ACTIVE'
        ? EXIT.groupActive
        : err instanceof SinkError && err.code === 'INVALID_ARGUMENT'
          ? EXIT.usage
          : EXIT.failed,
    );
  },
);
