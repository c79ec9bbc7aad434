import type { ServerResponse } from 'node:http';
import type { EmulatorContext } from './emulator-context.js';
import { sendJson } from './http-io.js';

/**
 * X's Connections API (2025-09): `GET /2/connections` lists the app's open
 * streaming connections, `DELETE /2/connections/all` and
 * `DELETE /2/connections/{endpoint_id}` close them, so a client refused with
 * TooManyConnections (a previous connection still counted) can free its slot.
 * The emulator has one endpoint, the filtered stream (`filtered_stream`). X's
 * exact response fields are not recorded; these follow its `{data, meta}` form.
 */
export const FILTERED_STREAM_ENDPOINT_ID = 'filtered_stream';

export function handleListConnections(ctx: EmulatorContext, res: ServerResponse): void {
  const open = ctx.firehose.connected
    ? [{ endpoint_id: FILTERED_STREAM_ENDPOINT_ID, id: String(ctx.firehose.connections) }]
    : [];
  sendJson(res, 200, { data: open, meta: { result_count: open.length } });
}

/** Closes the open stream when `endpointId` is `all` or the filtered stream's id; answers how many were closed. */
export function handleDeleteConnections(ctx: EmulatorContext, res: ServerResponse, endpointId: string): void {
  const matches = endpointId === 'all' || endpointId === FILTERED_STREAM_ENDPOINT_ID;
  const closed = matches && ctx.firehose.connected ? 1 : 0;
  if (closed > 0) ctx.firehose.close();
  ctx.log.info({ endpointId, closed }, 'streaming connections closed through the Connections API');
  sendJson(res, 200, { data: { killed_connections: closed > 0, closed_connections: closed } });
}
