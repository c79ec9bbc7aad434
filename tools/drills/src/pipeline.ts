import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { MongoClient } from 'mongodb';
import { GroupLagReader, readPartitionsToEnd, type Kafka } from '@tweet-pipeline/kafka';
import type { Logger } from '@tweet-pipeline/observability';
import {
  deleteTopics,
  sumMetric,
  testTopics,
  topicEnv,
  uniqueName,
  type StackEndpoints,
} from '@tweet-pipeline/testkit';
import { locateLost, repeatedIds } from './count.js';
import type { RestartEvent } from './report.js';
import { Slot, type SlotSpec } from './supervisor.js';

export const PARTITIONS = 12;

/** What every trial shares: the servers, a Kafka client, where logs go, how to say what is happening. */
export interface DrillContext {
  readonly stack: StackEndpoints;
  readonly kafka: Kafka;
  /** The harness's own client logs (never the services'). */
  readonly log: Logger;
  readonly logRoot: string;
  readonly say: (line: string) => void;
}

/** A free TCP port on loopback, for a service's /metrics (kept for its restarts). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Rejects after `ms`: for calls that may hang while a server is stopped or frozen. */
export async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export interface DrainOptions {
  /** True once the producer has nothing more to publish (whole workload received, spool empty). */
  readonly producerDone: () => Promise<boolean>;
  readonly expected: number;
  readonly timeoutMs?: number;
}

/**
 * The three services of one trial, each a supervised process, on the trial's
 * own topics, consumer groups and database; plus what the drill needs to
 * watch and count them from outside (Kafka offsets, MongoDB, /metrics).
 */
export class TrialPipeline {
  readonly name: string;
  readonly database: string;
  readonly topics: ReturnType<typeof testTopics>;
  readonly logDir: string;
  readonly restarts: RestartEvent[] = [];
  readonly startedAt = Date.now();
  readonly filterGroup: string;
  readonly sinkGroup: string;
  private readonly slots = new Map<string, Slot>();
  private readonly mongo: MongoClient;
  private readonly lagReader: GroupLagReader;
  /** The sink group on tweets.clean: its lag includes transaction markers, so only its changes are used. */
  private readonly sinkLagReader: GroupLagReader;

  constructor(
    private readonly ctx: DrillContext,
    label: string,
  ) {
    this.name = uniqueName(`drill-${label}`);
    this.database = this.name.replaceAll('-', '_');
    this.topics = testTopics(`drill-${label}`);
    this.filterGroup = `${this.name}-filter`;
    this.sinkGroup = `${this.name}-sink`;
    this.logDir = join(ctx.logRoot, this.name);
    // Never through the admin API's fetchOffsets, which crashes after a broker restart (see GroupLagReader).
    this.lagReader = new GroupLagReader({ kafka: ctx.kafka, groupId: this.filterGroup, timeoutMs: 10_000 });
    this.sinkLagReader = new GroupLagReader({ kafka: ctx.kafka, groupId: this.sinkGroup, timeoutMs: 10_000 });
    mkdirSync(this.logDir, { recursive: true });
    // Short server selection: the drill must not hang on a database it stopped or froze.
    this.mongo = new MongoClient(ctx.stack.mongoUri, { serverSelectionTimeoutMS: 5_000, socketTimeoutMS: 30_000 });
  }

  /** Seconds since the trial started. */
  get elapsed(): number {
    return (Date.now() - this.startedAt) / 1000;
  }

  slot(name: string): Slot {
    const slot = this.slots.get(name);
    if (slot === undefined) throw new Error(`no process slot ${name}`);
    return slot;
  }

  has(name: string): boolean {
    return this.slots.has(name);
  }

  async startSink(): Promise<Slot> {
    return this.spawn('sink', 'sink', {});
  }

  /** Filter instance `index`: FILTER_INSTANCE_ID `filter-<index>`, like a StatefulSet pod. */
  async startFilter(index: number): Promise<Slot> {
    return this.spawn(`filter-${index}`, 'filter', { FILTER_INSTANCE_ID: `filter-${index}` });
  }

  async startProducer(env: Record<string, string>): Promise<Slot> {
    return this.spawn('producer', 'producer', {
      PRODUCER_SPOOL_PATH: join(this.logDir, 'producer-spool.db'),
      ...env,
    });
  }

  /** Graceful stop of one slot (no restart), e.g. a scale-down. */
  async stopSlot(name: string): Promise<void> {
    await this.slot(name).stop();
    this.slots.delete(name);
  }

  /** Sink and filter-0, ready (assigned, state restored) before any record is produced. */
  async startConsumers(timeoutMs = 120_000): Promise<void> {
    await this.startSink();
    await this.startFilter(0);
    await this.waitReady(['sink', 'filter-0'], timeoutMs);
  }

  async waitReady(names: readonly string[], timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const states = await Promise.all(names.map((name) => this.slot(name).ready()));
      if (states.every(Boolean)) return;
      if (Date.now() > deadline) {
        const waiting = names.filter((_, i) => !states[i]);
        throw new Error(`${waiting.join(', ')} not ready within ${timeoutMs / 1000} s; logs in ${this.logDir}`);
      }
      await sleep(250);
    }
  }

  /** Resolves when `check` holds (polled every 250 ms). */
  async until(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
      await sleep(250);
    }
  }

  async metric(slot: string, name: string, labels: Readonly<Record<string, string>> = {}): Promise<number> {
    if (!this.slots.has(slot)) return 0;
    return sumMetric(await this.slot(slot).metrics(), name, labels);
  }

  async storedCount(): Promise<number> {
    return within(15_000, 'counting documents', this.collection().countDocuments());
  }

  async storedIds(): Promise<string[]> {
    const ids: string[] = [];
    const cursor = this.collection()
      .find({}, { projection: { _id: 1 } })
      .batchSize(10_000);
    for await (const doc of cursor) ids.push(String(doc._id));
    return ids;
  }

  /** Records of tweets.raw the filter group has not committed yet; undefined while Kafka does not answer. */
  async filterLag(): Promise<number | undefined> {
    return totalLag(this.lagReader, this.topics.raw).catch(() => undefined);
  }

  /**
   * Waits until the pipeline has carried everything through: the producer is
   * done, the filter group has committed every tweets.raw offset, the sink is
   * ready, and — all of that holding throughout — neither the stored count nor
   * the sink group's position has moved for 5 s once the count reached the
   * expected one, for 30 s otherwise (longer than the sink's longest retry
   * back-off). Counters restart at 0 with a restarted process, so progress is
   * judged from offsets and MongoDB.
   *
   * @returns false when that did not happen within the timeout.
   */
  async waitDrained(options: DrainOptions): Promise<boolean> {
    const deadline = Date.now() + (options.timeoutMs ?? 600_000);
    let last = '';
    let since = Date.now();
    let nextReport = Date.now() + 15_000;
    try {
      for (;;) {
        const [stored, producerDone, lag, sinkLag, sinkReady] = await Promise.all([
          this.storedCount().catch(() => undefined),
          options.producerDone().catch(() => false),
          this.filterLag(),
          totalLag(this.sinkLagReader, this.topics.clean).catch(() => undefined),
          this.has('sink') ? this.slot('sink').ready() : Promise.resolve(false),
        ]);
        const settled = producerDone && lag === 0 && sinkReady && stored !== undefined && sinkLag !== undefined;
        const progress = `${stored}/${sinkLag}`;
        if (!settled || progress !== last) {
          last = progress;
          since = Date.now();
        }
        const quiet = Date.now() - since;
        if (settled && quiet >= (stored >= options.expected ? 5_000 : 30_000)) return true;
        if (Date.now() > deadline) return false;
        if (Date.now() > nextReport) {
          nextReport = Date.now() + 15_000;
          this.ctx.say(
            `  ${this.elapsed.toFixed(0)} s: stored ${stored ?? '?'}/${options.expected}, filter lag ${lag ?? '?'}, ` +
              `sink lag ${sinkLag ?? '?'}, producer ${producerDone ? 'done' : 'busy'}, sink ${sinkReady ? 'ready' : 'not ready'}`,
          );
        }
        await sleep(1_000);
      }
    } finally {
      await Promise.all([this.lagReader.close(), this.sinkLagReader.close()]);
    }
  }

  /**
   * What the topics say about the trial, for the report: repeats on tweets.clean
   * (the filter's exactly-once output, which the sink's unique `_id` would hide),
   * DLQ records, and where lost ids were last seen.
   */
  async diagnose(lostIds: readonly string[]): Promise<string[]> {
    const keys = async (topic: string): Promise<string[]> => {
      const found: string[] = [];
      await readPartitionsToEnd({
        brokers: this.ctx.stack.brokers,
        clientId: uniqueName('drill-reader'),
        topic,
        partitions: Array.from({ length: PARTITIONS }, (_, i) => i),
        log: this.ctx.log,
        idleTimeoutMs: 30_000,
        onRecord: (_partition, key) => found.push(key?.toString('utf8') ?? ''),
      });
      return found;
    };
    const notes: string[] = [];
    try {
      const clean = await keys(this.topics.clean);
      const repeats = repeatedIds(clean);
      notes.push(
        `tweets.clean (read_committed): ${clean.length.toLocaleString('en-US')} records, ` +
          (repeats.size === 0
            ? 'every id once'
            : `${repeats.size} ids more than once (${[...repeats.keys()].slice(0, 5).join(', ')}…): the filter published them twice; the sink's unique _id absorbed it`),
      );
      const dlq = await keys(this.topics.dlq);
      if (dlq.length > 0) notes.push(`tweets.dlq: ${dlq.length} records`);
      if (lostIds.length > 0) {
        const raw = await keys(this.topics.raw);
        const where = locateLost(lostIds, { raw: new Set(raw), clean: new Set(clean), dlq: new Set(dlq) });
        notes.push(
          `lost ids last seen: ${where.notOnRaw} never on tweets.raw (producer), ${where.onRawOnly} on tweets.raw only (filter), ` +
            `${where.onDlq} on tweets.dlq, ${where.onClean} committed on tweets.clean but not stored (sink)`,
        );
      }
    } catch (err) {
      notes.push(`topics could not be read for diagnosis: ${(err as Error).message}`);
    }
    return notes;
  }

  /** SIGKILLs every process at once (synchronous): for a drill that exits abnormally, so none is orphaned. */
  killAllNow(): void {
    for (const slot of this.slots.values()) slot.killNow();
  }

  /** Stops every process (producer first), drops the database and deletes the topics. */
  async close(): Promise<void> {
    await Promise.all([this.lagReader.close(), this.sinkLagReader.close()]);
    if (this.slots.has('producer')) await this.slot('producer').stop();
    await Promise.all([...this.slots.values()].map((slot) => slot.stop()));
    this.slots.clear();
    await this.collection()
      .db.dropDatabase()
      .catch(() => undefined);
    await this.mongo.close().catch(() => undefined);
    await deleteTopics(this.ctx.kafka, Object.values(this.topics));
  }

  private collection() {
    return this.mongo.db(this.database).collection<{ _id: string }>('tweets');
  }

  private async spawn(name: string, service: SlotSpec['service'], env: Record<string, string>): Promise<Slot> {
    if (this.slots.has(name)) throw new Error(`slot ${name} already running`);
    const port = await freePort();
    const slot = new Slot(
      {
        name,
        service,
        port,
        logFile: join(this.logDir, `${name}.log`),
        env: {
          ...process.env,
          ...topicEnv(this.topics, PARTITIONS),
          KAFKA_BROKERS: this.ctx.stack.brokers.join(','),
          MONGODB_URI: this.ctx.stack.mongoUri,
          MONGODB_DATABASE: this.database,
          FILTER_GROUP_ID: this.filterGroup,
          SINK_GROUP_ID: this.sinkGroup,
          [`${service.toUpperCase()}_PORT`]: String(port),
          LOG_LEVEL: 'info',
          DOTENV_CONFIG_QUIET: 'true',
          ...env,
        },
      },
      this.startedAt,
      (event) => {
        this.restarts.push(event);
        this.ctx.say(`  ${event.atSeconds.toFixed(1)} s: restarted ${event.service} (${event.cause})`);
      },
    );
    this.slots.set(name, slot);
    return slot;
  }
}

/** How far a group is behind on a topic, summed over its partitions. */
async function totalLag(reader: GroupLagReader, topic: string): Promise<number> {
  return (await reader.lag(topic)).reduce((sum, p) => sum + p.lag, 0);
}
