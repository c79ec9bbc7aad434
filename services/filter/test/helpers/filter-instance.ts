import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceProcess, serviceEntry, topicEnv, uniqueName, type testTopics } from '@tweet-pipeline/testkit';

export interface FilterInstanceOptions {
  readonly brokers: readonly string[];
  readonly topics: ReturnType<typeof testTopics>;
  readonly partitions: number;
  readonly groupId: string;
  /** Distinct per instance: it names the transactional id, so two live instances must never share it. */
  readonly instanceId: string;
  /** 0 = any free port; a fixed one when the caller scrapes `/metrics`. */
  readonly port?: number;
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * Starts the built filter service as its own process, logging at warn to a
 * file in the temp directory (`spec.logFile`), so a failing run can be read
 * afterwards.
 */
export function startFilterInstance(options: FilterInstanceOptions): ServiceProcess {
  const port = options.port ?? 0;
  return new ServiceProcess({
    name: `filter ${options.instanceId}`,
    entry: serviceEntry('filter'),
    port,
    logFile: join(tmpdir(), `${uniqueName(`filter-${options.instanceId}`)}.log`),
    env: {
      ...process.env,
      ...topicEnv(options.topics, options.partitions),
      KAFKA_BROKERS: options.brokers.join(','),
      // Set, not derived, so that a caller can tell the group's members apart by client id.
      KAFKA_CLIENT_ID: filterClientId(options.instanceId),
      FILTER_GROUP_ID: options.groupId,
      FILTER_INSTANCE_ID: options.instanceId,
      FILTER_PORT: String(port),
      LOG_LEVEL: 'warn',
      ...options.env,
    },
  });
}

/** The Kafka client id of the instance started with `instanceId`, as group descriptions show it. */
export function filterClientId(instanceId: string): string {
  return `filter-${instanceId}`;
}
