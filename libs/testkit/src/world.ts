import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient, type MongoClientOptions } from 'mongodb';
import type { Kafka, Message, Producer, ProducerOptions } from '@tweet-pipeline/kafka';
import { groupCaughtUp, groupProgress, type GroupProgress } from './group-progress.js';
import {
  ALL_TOPIC_ROLES,
  connectedProducer,
  createTestTopics,
  deleteTopics,
  sendAll,
  testKafka,
  type TestTopicOptions,
  type TopicRole,
} from './kafka-helpers.js';
import { testTopics, uniqueDatabaseName, uniqueName, type TestTopics } from './names.js';
import { ServiceProcess } from './service-process.js';
import { serviceEntry } from './repo-paths.js';
import { testStack, type StackEndpoints } from './stack.js';

export interface TestWorldOptions {
  /** Options of the world's MongoClient, e.g. `{ serverSelectionTimeoutMS: 5_000 }` or `{ retryWrites: false }`. */
  readonly mongo?: MongoClientOptions;
  /** Options of the shared producer; its linger is 20 ms unless set (sends of 1,000 records batch well). */
  readonly producer?: Pick<ProducerOptions, 'lingerMs'>;
}

export interface WorldServiceOptions {
  /** The service's name: its entry is `services/<name>/dist/src/main.js` unless `entry` is given. */
  readonly name: string;
  readonly entry?: string;
  /** The ops port the test knows it by (freePort()); 0, the default, when the service picks one. */
  readonly port?: number;
  /** On top of this process's environment, KAFKA_BROKERS and MONGODB_URI: e.g. topicEnv(), group, database. */
  readonly env?: NodeJS.ProcessEnv;
  /** Where its log lines go; a new file in the temp directory by default. */
  readonly logFile?: string;
}

/** Anything close() must stop: a ServiceProcess, a lag exporter, a server. */
export interface Stoppable {
  stop(): Promise<unknown>;
}

/** The servers of the integration tests (testStack) and a TestWorld on them; close() it in `after`. */
export async function openTestWorld(options: TestWorldOptions = {}): Promise<TestWorld> {
  return new TestWorld(await testStack(), options);
}

/**
 * What one integration test file sets up on the real broker and database,
 * and takes down again: its topics, databases, producer, Mongo client and
 * service processes. Everything made through the world is remembered, so one
 * `close()` in `after` cleans it up, best effort, in dependency order.
 *
 *     let world: TestWorld;
 *     before(async () => { world = await openTestWorld(); topics = await world.topics('sink', 3, ['clean', 'dlq']); });
 *     after(() => world?.close());
 */
export class TestWorld {
  /** A Kafka client for the test (testKafka); no connection of its own. */
  readonly kafka: Kafka;
  private mongoClient: MongoClient | undefined;
  private producerConnection: Promise<Producer> | undefined;
  private readonly ownedTopics = new Set<string>();
  private readonly databaseNames = new Set<string>();
  private readonly services: Stoppable[] = [];
  private readonly closeSteps: (() => Promise<unknown>)[] = [];
  private closing: Promise<void> | undefined;

  constructor(
    readonly stack: StackEndpoints,
    private readonly options: TestWorldOptions = {},
  ) {
    this.kafka = testKafka(stack.brokers);
  }

  /** The world's MongoClient, made on first use; the driver connects on the first operation. */
  get mongo(): MongoClient {
    this.mongoClient ??= new MongoClient(this.stack.mongoUri, this.options.mongo);
    return this.mongoClient;
  }

  /** The shared producer of the pipeline's kind (same partitioner as the services), connected on first use. */
  producer(): Promise<Producer> {
    this.producerConnection ??= connectedProducer(this.kafka, { lingerMs: this.options.producer?.lingerMs ?? 20 });
    return this.producerConnection;
  }

  /**
   * New topic names for one test (testTopics), all four remembered for deletion
   * (whoever creates them), and `which` of them created now with the pipeline's
   * settings (all four unless said).
   */
  async topics(
    prefix: string,
    partitions: number,
    which: readonly TopicRole[] = ALL_TOPIC_ROLES,
    options: TestTopicOptions = {},
  ): Promise<TestTopics> {
    const names = this.topicNames(prefix);
    await createTestTopics(this.kafka, names, partitions, which, options);
    return names;
  }

  /** New topic names for one test, remembered for deletion but not created: for a service that creates them. */
  topicNames(prefix: string): TestTopics {
    const names = testTopics(prefix);
    this.adoptTopics(...Object.values(names));
    return names;
  }

  /** Remembers topics made some other way (a service's checkpoints topic, a test's own) for deletion. */
  adoptTopics(...names: string[]): void {
    for (const name of names) this.ownedTopics.add(name);
  }

  /** A new database name (uniqueDatabaseName), remembered to be dropped. */
  database(prefix: string): string {
    const name = uniqueDatabaseName(prefix);
    this.databaseNames.add(name);
    return name;
  }

  /** Remembers a service process (or anything with stop()) for close() to stop; returns it. */
  track<T extends Stoppable>(service: T): T {
    this.services.push(service);
    return service;
  }

  /**
   * Starts a service (or tool) as a child process on the world's servers and
   * tracks it: its environment is this process's, KAFKA_BROKERS and
   * MONGODB_URI of the stack, then `env`.
   */
  startService(options: WorldServiceOptions): ServiceProcess {
    const { name } = options;
    const service = new ServiceProcess({
      name,
      entry: options.entry ?? serviceEntry(name),
      port: options.port ?? 0,
      logFile: options.logFile ?? join(tmpdir(), `${uniqueName(name)}.log`),
      env: {
        ...process.env,
        KAFKA_BROKERS: this.stack.brokers.join(','),
        MONGODB_URI: this.stack.mongoUri,
        ...options.env,
      },
    });
    return this.track(service);
  }

  /** A clean-up step of the test's own, run by close() after the services stopped, last added first. */
  onClose(step: () => Promise<unknown>): void {
    this.closeSteps.push(step);
  }

  /** Sends records with the shared producer in sends of `chunk`, one after the other. */
  async sendAll(topic: string, messages: readonly Message[], chunk = 1_000): Promise<void> {
    await sendAll(await this.producer(), topic, messages, chunk);
  }

  /** How far the group has committed on the topic, per partition (see groupProgress). */
  groupProgress(groupId: string, topic: string): Promise<GroupProgress> {
    return groupProgress(this.kafka, groupId, topic);
  }

  /** True when the group has committed the end of every partition of the topic; false while unknown. */
  groupCaughtUp(groupId: string, topic: string): Promise<boolean> {
    return groupCaughtUp(this.kafka, groupId, topic);
  }

  /**
   * Takes everything down, best effort: each step runs even when one before it
   * failed (failures go to stderr, never thrown). In order: the tracked services
   * stop (together), the onClose steps run (last added first), the producer
   * disconnects, the topics are deleted, the databases dropped, the Mongo client
   * closed. Calling it again returns the same promise.
   */
  close(): Promise<void> {
    this.closing ??= this.takeDown();
    return this.closing;
  }

  private async takeDown(): Promise<void> {
    const results = await Promise.allSettled(this.services.map((s) => s.stop()));
    for (const r of results) if (r.status === 'rejected') warn('stopping a service', r.reason);
    for (const step of [...this.closeSteps].reverse()) await step().catch((err: unknown) => warn('a close step', err));
    if (this.producerConnection !== undefined) {
      await this.producerConnection
        .then((p) => p.disconnect())
        .catch((err: unknown) => warn('disconnecting the producer', err));
    }
    if (this.ownedTopics.size > 0) await deleteTopics(this.kafka, [...this.ownedTopics]);
    if (this.databaseNames.size > 0) {
      // A world that never used Mongo still drops what services wrote, without waiting 30 s for a missing server.
      const mongo = this.mongoClient ?? new MongoClient(this.stack.mongoUri, { serverSelectionTimeoutMS: 5_000 });
      this.mongoClient = mongo;
      for (const name of this.databaseNames) {
        await mongo
          .db(name)
          .dropDatabase()
          .catch((err: unknown) => warn(`dropping database ${name}`, err));
      }
    }
    await this.mongoClient?.close().catch((err: unknown) => warn('closing the Mongo client', err));
  }
}

function warn(what: string, err: unknown): void {
  process.stderr.write(`# test world clean-up: ${what} failed: ${err instanceof Error ? err.message : String(err)}\n`);
}
