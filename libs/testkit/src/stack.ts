import { execFileSync } from 'node:child_process';

export interface StackEndpoints {
  readonly brokers: readonly string[];
  readonly mongoUri: string;
}

let started: Promise<StackEndpoints> | undefined;

/**
 * Where the real Kafka broker and MongoDB-compatible server of the tests are.
 * `npm test` starts the script-run local stack and sets KAFKA_BROKERS and
 * MONGODB_URI; with a Docker engine and neither set, testcontainers start
 * Kafka and MongoDB once per test process instead.
 */
export function testStack(): Promise<StackEndpoints> {
  started ??= resolveStack();
  return started;
}

async function resolveStack(): Promise<StackEndpoints> {
  const { KAFKA_BROKERS, MONGODB_URI } = process.env;
  if (KAFKA_BROKERS !== undefined && MONGODB_URI !== undefined) {
    return { brokers: KAFKA_BROKERS.split(','), mongoUri: MONGODB_URI };
  }
  if (!dockerAvailable()) {
    throw new Error(
      'no Kafka/MongoDB for integration tests: run them through `npm test` (starts the local stack), ' +
        'or set KAFKA_BROKERS and MONGODB_URI, or provide a Docker engine for testcontainers',
    );
  }
  const [{ KafkaContainer }, { MongoDBContainer }] = await Promise.all([
    import('@testcontainers/kafka'),
    import('@testcontainers/mongodb'),
  ]);
  const [kafka, mongo] = await Promise.all([
    new KafkaContainer('confluentinc/cp-kafka:7.9.0').withKraft().start(),
    new MongoDBContainer('mongo:8.0').start(),
  ]);
  return {
    brokers: [`${kafka.getHost()}:${kafka.getMappedPort(9093)}`],
    mongoUri: `${mongo.getConnectionString()}?directConnection=true`,
  };
}

/** True when a Docker engine answers (`docker info`) within 5 s. */
export function dockerAvailable(): boolean {
  try {
    execFileSync('docker', ['info'], { stdio: 'ignore', timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
}
