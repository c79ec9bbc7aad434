/** Features the services use that a MongoDB-compatible server may lack; each has a documented fallback. */
export const ServerGaps = {
  /** TTL indexes (`expireAfterSeconds`): SINK_TTL_DAYS is not enforced; expire documents another way. */
  'ttl-index': 'TTL indexes are not implemented: documents do not expire (SINK_TTL_DAYS is not enforced)',
  /** Duplicate-key errors without the index name: a duplicate is checked against `_id` when other unique indexes exist. */
  'duplicate-key-index':
    'duplicate-key errors do not name the index: with a unique index besides _id, duplicates are checked by lookup',
  /** No replication: `w: majority` is accepted and means "acknowledged by the one server". */
  'write-concern': 'write concern is accepted but there is no replication: majority = acknowledged by the one server',
  /** createIndexes with several indexes that all exist drops the connection (FerretDB 1.24): indexes are created one per command. */
  'create-indexes-batch':
    'createIndexes of several existing indexes drops the connection: indexes are created one by one',
  /**
   * A filtered update is not applied atomically against concurrent writers of the same document
   * (FerretDB 1.24 on SQLite): two writers racing on one counter can lose an update. `addCounts`
   * is exact with one writer per partition (normal operation), not in a split-brain overlap.
   */
  'atomic-filtered-update':
    'filtered updates are not atomic against concurrent writers: counters stay exact only with one writer per partition',
  /** No `$jsonSchema` validators on collections. */
  'json-schema-validator': 'collection validators ($jsonSchema) are not implemented',
} as const;
export type ServerGap = keyof typeof ServerGaps;

export interface ServerInfo {
  readonly kind: 'mongodb' | 'ferretdb';
  /** The server's own version (FerretDB's, not the MongoDB version it emulates). */
  readonly version: string;
  readonly gaps: readonly ServerGap[];
}

const FERRETDB_1_GAPS: readonly ServerGap[] = [
  'ttl-index',
  'duplicate-key-index',
  'write-concern',
  'create-indexes-batch',
  'atomic-filtered-update',
  'json-schema-validator',
];

/**
 * Tells MongoDB from FerretDB by the `buildInfo` answer: FerretDB adds
 * `ferretdbVersion` (and reports the MongoDB version it emulates as `version`).
 * Pure.
 */
export function describeServer(buildInfo: Readonly<Record<string, unknown>>): ServerInfo {
  const ferret = buildInfo.ferretdbVersion;
  if (typeof ferret === 'string') {
    return { kind: 'ferretdb', version: ferret, gaps: /^v?1\./.test(ferret) ? FERRETDB_1_GAPS : ['ttl-index'] };
  }
  return { kind: 'mongodb', version: typeof buildInfo.version === 'string' ? buildInfo.version : 'unknown', gaps: [] };
}
