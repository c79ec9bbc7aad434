import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { test } from 'vitest';
import { promisify } from 'node:util';
import { root } from './repo.js';

const run = promisify(execFile);

test('notify.sh posts the message as JSON to the webhook', async () => {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      bodies.push(`${req.headers['content-type']} ${body}`);
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  try {
    const { stdout } = await run('bash', [join(root, 'ops/ci/notify.sh'), 'cd abc123: "failure" ✗'], {
      env: { ...process.env, NOTIFY_WEBHOOK_URL: `http://127.0.0.1:${port}/hook` },
    });
    assert.match(stdout, /notified/);
    assert.deepEqual(bodies, ['application/json {"text":"cd abc123: \\"failure\\" ✗"}']);
  } finally {
    server.close();
  }
});

test('notify.sh without a webhook prints the message and succeeds', async () => {
  const env = { ...process.env };
  delete env.NOTIFY_WEBHOOK_URL;
  const { stdout } = await run('bash', [join(root, 'ops/ci/notify.sh'), 'hello'], { env });
  assert.equal(stdout, 'notify (no NOTIFY_WEBHOOK_URL): hello\n');
});
