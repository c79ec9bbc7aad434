import assert from 'node:assert/strict';
import { request, type IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, test } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { addRules, AUTH, quietEmulator, RawStream, tweet, waitFor } from './helpers.js';

const KEEP_ALIVE_MS = 60;
const SLOW_READER_MS = 300;
let emulator: RunningEmulator;
let stream: RawStream | undefined;
beforeAll(async () => {
  emulator = await quietEmulator({ keepAliveMs: KEEP_ALIVE_MS, slowReaderMs: SLOW_READER_MS });
});
afterEach(async () => {
  stream?.close();
  stream = undefined;
  await waitFor('the stream slot to free', () => !emulator.connected);
  emulator.reset();
});
afterAll(() => emulator.close());

async function connect(): Promise<RawStream> {
  await addRules(emulator.url, [{ value: 'cats' }]);
  stream = await RawStream.open(emulator.url);
  assert.equal(stream.status, 200);
  await waitFor('the connection', () => emulator.connected);
  return stream;
}

const OPERATIONAL_DISCONNECT =
  '{"errors":[{"title":"operational-disconnect","disconnect_type":"UpstreamOperationalDisconnect","detail":"This stream has been disconnected upstream for operational reasons.","type":"https://api.twitter.com/2/problems/operational-disconnect"}]}';
const SLOW_READER =
  '{"errors":[{"title":"operational-disconnect","disconnect_type":"ConnectionException","detail":"This stream has been disconnected because your client was unable to keep up with us.","type":"https://api.twitter.com/2/problems/streaming-connection"}]}';

test('stream connection frames each message as one JSON line ending in \\r\\n', async () => {
  const s = await connect();
  emulator.inject([tweet('cats one'), tweet('cats two 🐈 "quoted"\nnewline')]);
  await waitFor('two messages', () => s.messages().length === 2);
  const body = s.raw.replace(/^(\r\n)+/, '');
  const [first, second] = emulator.sent();
  assert.ok(body.startsWith(`${first}\r\n`), 'first tweet line then CRLF');
  assert.ok(body.includes(`${first}\r\n${second}\r\n`) || body.includes(`${first}\r\n\r\n${second}\r\n`));
  assert.ok(!first!.includes('\n') && !first!.includes('\r'), 'a newline in a tweet is escaped, never raw');
});

test('stream connection sends a bare \\r\\n after each keep-alive interval of silence', async () => {
  const s = await connect();
  await sleep(KEEP_ALIVE_MS * 5);
  const keepAlives = s.lines().filter((line) => line === '').length;
  assert.ok(keepAlives >= 3, `expected >= 3 keep-alives, got ${keepAlives}`);
  assert.equal(s.raw.replaceAll('\r\n', ''), '', 'nothing but keep-alives');
});

test('stream operational-disconnect fault writes X in-stream error then ends the response', async () => {
  const s = await connect();
  emulator.inject([tweet('cats before')]);
  await waitFor('one message', () => s.messages().length === 1);
  emulator.faults.add({ type: 'operational-disconnect' });
  await waitFor('the end of the response', () => s.ended);
  const lines = s.lines().filter((line) => line !== '');
  assert.equal(lines[lines.length - 1], OPERATIONAL_DISCONNECT);
  assert.equal(s.error, undefined, 'a clean end, not a reset');
  await waitFor('the slot to free', () => !emulator.connected);
  assert.deepEqual(emulator.faults.pending(), []);
});

test('stream fault armed while disconnected hits the next connection right after its headers', async () => {
  await addRules(emulator.url, [{ value: 'cats' }]);
  emulator.faults.add({ type: 'operational-disconnect' });
  stream = await RawStream.open(emulator.url);
  assert.equal(stream.status, 200);
  const s = stream;
  await waitFor('the end of the response', () => s.ended);
  assert.equal(s.lines().filter((line) => line !== '')[0], OPERATIONAL_DISCONNECT);
});

test('stream stall fault sends nothing, keep-alives included, then resumes with what was held', async () => {
  const s = await connect();
  emulator.faults.add({ type: 'stall', durationMs: 500 });
  const before = s.raw.length;
  emulator.inject([tweet('cats during the stall')]);
  await sleep(350);
  assert.equal(s.raw.length, before, 'not a byte while stalled');
  assert.ok(emulator.connected, 'the socket stays open');
  await waitFor('the held tweet', () => s.messages().length === 1, 2_000);
  await sleep(KEEP_ALIVE_MS * 3);
  assert.ok(s.raw.endsWith('\r\n\r\n'), 'keep-alives resume after the stall');
});

test('stream disconnect asked for during a stall happens when the stall ends', async () => {
  const s = await connect();
  emulator.faults.add({ type: 'stall', durationMs: 200 });
  emulator.faults.add({ type: 'operational-disconnect' });
  await sleep(100);
  assert.ok(!s.ended, 'still stalled');
  await waitFor('the disconnect', () => s.ended, 2_000);
  assert.equal(
    s
      .lines()
      .filter((line) => line !== '')
      .at(-1),
    OPERATIONAL_DISCONNECT,
  );
});

test('stream malformed-line fault cuts the next tweet line mid-JSON, still \\r\\n-terminated', async () => {
  const s = await connect();
  emulator.faults.add({ type: 'malformed-line' });
  const broken = tweet('cats cut off');
  const whole = tweet('cats whole');
  emulator.inject([broken, whole]);
  await waitFor('two lines', () => s.lines().filter((line) => line !== '').length === 2);
  const [cut, intact] = s.lines().filter((line) => line !== '');
  assert.throws(() => JSON.parse(cut!));
  assert.ok(cut!.startsWith('{"data":{"id":"'));
  assert.equal((JSON.parse(intact!) as { data: { id: string } }).data.id, whole.data.id);
  assert.deepEqual(emulator.sent(), [intact], 'the cut tweet was never delivered');
});

test('stream tcp-reset fault resets the socket abruptly', async () => {
  const s = await connect();
  emulator.inject([tweet('cats before the reset')]);
  await waitFor('one message', () => s.messages().length === 1);
  emulator.faults.add({ type: 'tcp-reset' });
  await waitFor('the client to see the reset', () => s.ended);
  assert.equal((s.error as NodeJS.ErrnoException | undefined)?.code, 'ECONNRESET');
  await waitFor('the slot to free', () => !emulator.connected);
  assert.deepEqual(
    emulator.sent(),
    s.lines().filter((line) => line !== ''),
  );
});

test('stream connection drops a client that stops reading, saying it could not keep up', async () => {
  await addRules(emulator.url, [{ value: 'cats' }]);
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    request(new URL('/2/tweets/search/stream', emulator.url), { headers: AUTH, agent: false }, resolve)
      .on('error', reject)
      .end();
  });
  response.pause();
  await waitFor('the connection', () => emulator.connected);
  const long = 'cats '.repeat(800);
  for (let i = 0; i < 10; i++) emulator.inject(Array.from({ length: 1_000 }, () => tweet(long)));
  await waitFor('the emulator to give up on the reader', () => !emulator.connected, SLOW_READER_MS + 5_000);
  response.setEncoding('utf8');
  let raw = '';
  response.on('data', (chunk: string) => (raw += chunk));
  response.resume();
  await new Promise((resolve) => response.on('close', resolve));
  const lines = raw.split('\r\n').filter((line) => line !== '');
  assert.equal(lines[lines.length - 1], SLOW_READER);
  assert.deepEqual(lines.slice(0, -1), emulator.sent(), 'held tweets were never sent nor recorded');
  assert.ok(emulator.sent().length < 10_000);
});
