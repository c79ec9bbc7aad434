import { readFileSync } from 'node:fs';

/** `net.ipv4.ip_local_port_range` as read from /proc (`32768\t60999`). */
export function parsePortRange(text: string): readonly [number, number] | undefined {
  const m = /^\s*(\d+)\s+(\d+)\s*$/.exec(text);
  return m === null ? undefined : [Number(m[1]), Number(m[2])];
}

/** The port of `host:port` or of a mongodb:// URI (MongoDB's default 27017 when none is given). */
export function endpointPort(endpoint: string): number | undefined {
  if (endpoint.startsWith('mongodb')) {
    try {
      const hosts = endpoint
        .replace(/^mongodb(\+srv)?:\/\//, '')
        .split('/')[0]!
        .split('@')
        .at(-1)!;
      const port = hosts.split(',')[0]!.split(':')[1];
      return port === undefined ? 27_017 : Number(port);
    } catch {
      return undefined;
    }
  }
  const port = endpoint.split(':').at(-1);
  return port === undefined || !/^\d+$/.test(port) ? undefined : Number(port);
}

/**
 * Warnings for servers the drills stop and start again that listen on a port
 * inside the kernel's ephemeral range: while such a server is down, any
 * outgoing connection of any process (the services retrying it, HTTP probes)
 * may be given that port as its local port, and the server then cannot bind
 * it again when it restarts ("Address already in use").
 */
export function ephemeralPortWarnings(
  servers: readonly { readonly name: string; readonly endpoint: string }[],
  range: readonly [number, number] | undefined,
): string[] {
  if (range === undefined) return [];
  const warnings: string[] = [];
  for (const { name, endpoint } of servers) {
    const port = endpointPort(endpoint);
    if (port !== undefined && port >= range[0] && port <= range[1]) {
      warnings.push(
        `${name} listens on port ${port}, inside this machine's ephemeral port range ${range[0]}–${range[1]}: ` +
          'while it is stopped another connection may take that port and it may fail to start again (Address already in use); ' +
          'use a port below the range for outage drills',
      );
    }
  }
  return warnings;
}

export function localPortRange(): readonly [number, number] | undefined {
  try {
    return parsePortRange(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8'));
  } catch {
    return undefined;
  }
}
