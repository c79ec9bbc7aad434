#!/usr/bin/env node
import {
  kafkaAccessReadiness,
  createKafka,
  connectedProducer,
  ensureTopics,
  ensureTopicsWaiting,
  pipelineTopicSpecs,
  retryWhileRetriable,
  type Kafka,
  type Producer,
} from '@tweet-pipeline/kafka';
import { exitOnFatal, runService, type Logger } from '@tweet-pipeline/observability';
import { loadProducerConfig, type SourceName } from './config.js';
import { producerMetrics } from './metrics.js';
import { RawPublisher } from './raw-publisher.js';
import { replayFiles, type ReplayCounts } from './replay/replay-files.js';
import type { RawRecord } from './raw-publisher.js';
import { syntheticBatches } from './sources/synthetic-source.js';
import { startFilteredStream, startRecentSearch, startUsagePolling } from './sources/x-sources.js';
import { XAccessError, X_BLOCK_REASONS, type XBlock } from './x/filtered-stream-source.js';
import { InvalidStreamRulesError } from './x/stream-rules.js';
import { DurableSpool } from './spool/durable-spool.js';
import { Ingest } from './spool/ingest.js';
import { SpoolDrainer } from './spool/spool-drainer.js';

const config = loadProducerConfig(process.env);

await runService(
  { service: 'producer', ...config, readinessGate: kafkaAccessReadiness },
  async ({ log, registry, signal }) => {
    const metrics = producerMetrics(registry);
    // Records are durable in the spool before anything else happens to them.
    const spool = new DurableSpool(config.spool);
    metrics.spoolMaxBytes.set(spool.maxBytes);
    metrics.spoolBytes.set(spool.bytes);
    if (spool.count > 0) {
      log.info(
        { records: spool.count, bytes: spool.bytes },
        'spool holds records from a previous run; draining them first',
      );
    }

    // Kafka is set up in the background: a broker that is down at start delays publishing, not
    // receiving. The sources feed the spool meanwhile, as they do during any later outage.
    const kafka = createKafka({ ...config.kafka, log });
    let producer: Producer | undefined;
    let drainer: SpoolDrainer | undefined;
    const kafkaReady = connectKafka(kafka, log, signal).then((connected) => {
      producer = connected;
      const topics = { raw: config.topics.names.raw, dlq: config.topics.names.dlq };
      drainer = new SpoolDrainer({
        spool,
        publisher: new RawPublisher(connected, topics, metrics),
        log,
        batchSize: config.batchSize,
        onKafkaAvailability: (available) => {
          metrics.kafkaAvailable.set(available ? 1 : 0);
          if (available) log.info({ spoolBytes: spool.bytes }, 'Kafka acknowledges again; draining the spool');
        },
        onDrained: (bytes) => metrics.spoolBytes.set(bytes),
      });
      metrics.kafkaAvailable.set(1);
      drainer.start().catch((err: unknown) => exitOnFatal(log, err));
      return connected;
    });
    kafkaReady.catch((err: unknown) => {
      if (!signal.aborted) exitOnFatal(log, err);
    });

    let spoolFull = false;
    const ingest = new Ingest({
      spool,
      onAppended: (records) => {
        metrics.received.inc({ source: records[0]!.source }, records.length);
        metrics.spoolBytes.set(spool.bytes);
        drainer?.notify();
      },
      onFull: (full) => {
        spoolFull = full;
        metrics.spoolFull.set(full ? 1 : 0);
        if (full)
          log.error(
            { bytes: spool.bytes, maxBytes: spool.maxBytes },
            'spool full: sources paused until Kafka drains it',
          );
        else log.info({ bytes: spool.bytes }, 'spool has room again: sources resumed');
      },
    });

    const abort = new AbortController();
    const accept = (records: readonly RawRecord[]): Promise<void> => ingest.accept(records, abort.signal);
    // What X currently refuses (credits, connections), per source, for /readyz.
    const xBlocks = new Map<SourceName, XBlock>();
    const blockedBy =
      (name: SourceName) =>
      (block: XBlock | undefined): void => {
        if (block === undefined) xBlocks.delete(name);
        else xBlocks.set(name, block);
        // One gauge for every source: 1 while any of them is refused for that reason.
        const blocks = new Set(xBlocks.values());
        metrics.xCreditsExhausted.set(blocks.has('credits_exhausted') ? 1 : 0);
        metrics.xTooManyConnections.set(blocks.has('too_many_connections') ? 1 : 0);
      };
    const deps = { config, metrics, log, accept };
    const runners: { name: SourceName; run: () => Promise<void> }[] = [];
    for (const name of config.sources) {
      switch (name) {
        case 'synthetic':
          runners.push({
            name,
            run: async () => {
              for await (const batch of syntheticBatches(config.synthetic, abort.signal)) await accept(batch);
            },
          });
          break;
        case 'replay':
          runners.push({
            name,
            run: async () => {
              const counts: ReplayCounts = { published: 0, invalid: 0, errorPayloads: 0, skipped: 0 };
              for await (const batch of replayFiles(config.replayFiles, counts, { signal: abort.signal }))
                await accept(batch);
              log.info({ files: config.replayFiles, ...counts }, 'replay finished');
            },
          });
          break;
        case 'x-filtered-stream':
          // Rules are synced inside the runner, retried while X's failure is transient (network, 429, 5xx).
          runners.push({ name, run: startFilteredStream({ ...deps, onBlocked: blockedBy(name) }, abort.signal) });
          break;
        case 'x-recent-search':
          // Its checkpoint lives in a compacted topic: it starts once Kafka answers.
          runners.push({
            name,
            run: async () => {
              const connected = await kafkaReady;
              const checkpoints = {
                topic: config.checkpointTopic,
                numPartitions: 1,
                replicationFactor: config.topics.replicationFactor,
                configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
              };
              await retryWhileRetriable(() => ensureTopics(kafka, [checkpoints], log), {
                what: 'creating the checkpoint topic',
                log,
              });
              await startRecentSearch(
                { ...deps, kafka, producer: connected, onBlocked: blockedBy(name) },
                abort.signal,
              )();
            },
          });
          break;
      }
    }
    // Usage and cost of the X project, beside the x-* sources (never stops them).
    const usagePolling = config.sources.some((s) => s.startsWith('x-'))
      ? startUsagePolling(deps, abort.signal)
      : Promise.resolve();
    const failedSources = new Set<SourceName>();
    const sources = Promise.all(
      runners.map(async ({ name, run }) => {
        log.info({ source: name }, 'source started');
        try {
          await run();
          log.info({ source: name }, 'source finished');
        } catch (err) {
          if (abort.signal.aborted) return;
          if (err instanceof XAccessError || err instanceof InvalidStreamRulesError) {
            // One clear message and no retry loop (no restart can fix credentials or a refused rule):
            // the other sources and the spool drain go on.
            failedSources.add(name);
            log.fatal(
              { source: name, code: err.code, ...(err instanceof XAccessError ? { status: err.status } : {}) },
              err.message,
            );
            return;
          }
          exitOnFatal(log, err);
        }
      }),
    );

    let stopping = false;
    return {
      readiness: () => {
        if (stopping) return { ready: false, reason: 'stopping' };
        if (producer === undefined) return { ready: false, reason: 'connecting to Kafka' };
        if (spoolFull) return { ready: false, reason: 'spool full' };
        if (failedSources.size > 0) return { ready: false, reason: `source failed: ${[...failedSources].join(', ')}` };
        const block = [...xBlocks.values()][0];
        if (block !== undefined) return { ready: false, reason: X_BLOCK_REASONS[block] };
        return { ready: true };
      },
      stop: async () => {
        stopping = true;
        abort.abort();
        await sources;
        await usagePolling;
        // What Kafka has not acknowledged by then stays in the spool for the next start.
        await drainer?.close(config.shutdownGraceMs / 2);
        if (spool.count > 0) log.warn({ records: spool.count }, 'records left in the spool for the next start');
        spool.close();
        await producer?.disconnect();
      },
    };
  },
);

/** Creates the pipeline topics and connects a producer, waiting out a broker that is not there yet. */
async function connectKafka(kafka: Kafka, log: Logger, signal: AbortSignal): Promise<Producer> {
  const specs = pipelineTopicSpecs(config.topics);
  // A topic that does not fit (partitions, cleanup.policy, retention, max.message.bytes) is waited out too,
  // a warn line naming it at each attempt, until an operator fixes it; the spool keeps the tweets meanwhile.
  await ensureTopicsWaiting(kafka, [specs.raw, specs.dlq], { what: 'creating topics', log, signal });
  return retryWhileRetriable(() => connectedProducer(kafka), { what: 'connecting the producer', log, signal });
}
