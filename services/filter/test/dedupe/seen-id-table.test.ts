import assert from 'node:assert/strict';
import { test } from 'vitest';
import { SeenIdTable } from '../../src/dedupe/seen-id-table.js';
import { BYTES_PER_SLOT } from '../../src/dedupe/slot-layout.js';
import { prng, randomU64, snowflakeId } from './random-ids.js';

const T0 = 1_700_000_000_000;
const MAX_ID = (2n ** 64n - 1n).toString();

test('SeenIdTable agrees with a Set<bigint> on 200,000 random ids with duplicates', () => {
  const next = prng(10);
  const table = new SeenIdTable();
  const reference = new Set<bigint>();
  const pool: bigint[] = [];
  for (let i = 0; i < 200_000; i++) {
    // One in four is a repeat; the rest alternate uniform 64-bit values and snowflakes.
    const id =
      pool.length > 0 && next() % 4 === 0
        ? pool[next() % pool.length]!
        : i % 2 === 0
          ? randomU64(next)
          : snowflakeId(next, T0 + (next() % 86_400_000));
    pool.push(id);
    const isNew = !reference.has(id);
    reference.add(id);
    assert.equal(table.add(id.toString(), T0), isNew);
  }
  assert.equal(table.size, reference.size);
  for (const id of reference) assert.ok(table.has(id.toString()), `${id} lost`);
  for (let i = 0; i < 200_000; i++) {
    const probe = randomU64(next);
    assert.equal(table.has(probe.toString()), reference.has(probe));
  }
  table.assertConsistent();
});

test('SeenIdTable keeps every id across many rehashes, within 12 bytes per slot and 30 per id', () => {
  const next = prng(11);
  const table = new SeenIdTable();
  assert.equal(table.capacity, 16);
  const ids: string[] = [];
  let rehashes = 0;
  for (let i = 0; i < 100_000; i++) {
    const before: number = table.capacity;
    const id = snowflakeId(next, T0 + i).toString();
    ids.push(id);
    table.add(id, T0);
    if (table.capacity !== before) {
      rehashes++;
      assert.equal(table.capacity, before * 2);
      for (const seen of ids) assert.ok(table.has(seen), `${seen} lost after growing to ${table.capacity}`);
      table.assertConsistent();
    }
    assert.equal(table.memoryBytes(), table.capacity * BYTES_PER_SLOT);
    if (table.size >= 100)
      assert.ok(table.memoryBytes() / table.size <= 30, `${table.memoryBytes() / table.size} B/id`);
  }
  assert.equal(rehashes, 13);
  assert.equal(BYTES_PER_SLOT, 12);
});

test('SeenIdTable sized with expectedEntries does not grow while they are added', () => {
  const table = new SeenIdTable({ expectedEntries: 50_000 });
  const capacity = table.capacity;
  assert.ok(capacity * 0.8 >= 50_000 && capacity * 0.4 < 50_000, String(capacity));
  for (let i = 0; i < 50_000; i++) table.add(String(1_000_000_000_000_000_000n + BigInt(i) * 4_194_304n), T0);
  assert.equal(table.capacity, capacity);
  assert.equal(table.size, 50_000);
});

test('SeenIdTable holds id 0 and 2^64-1 like any other id, even at time 0', () => {
  const table = new SeenIdTable();
  assert.equal(table.has('0'), false);
  assert.equal(table.add('0', 0), true);
  assert.equal(table.has('0'), true);
  assert.equal(table.firstSeenMs('0'), 0);
  assert.equal(table.has(MAX_ID), false);
  assert.equal(table.add(MAX_ID, T0), true);
  assert.equal(table.add('0', T0), false);
  for (const neighbour of ['1', '4294967295', '4294967296', (2n ** 64n - 2n).toString(), (2n ** 63n).toString()]) {
    assert.equal(table.has(neighbour), false, neighbour);
  }
  assert.equal(table.size, 2);
  assert.equal(table.expireBefore(T0), 0, 'id 0 now carries the later time T0');
  assert.ok(table.has('0') && table.has(MAX_ID));
  table.assertConsistent();
});

test('SeenIdTable keeps the later time when an id is added twice and rounds times down to the second', () => {
  const table = new SeenIdTable();
  table.add('1500000000000000000', T0 + 5_999);
  assert.equal(table.firstSeenMs('1500000000000000000'), T0 + 5_000);
  assert.equal(table.add('1500000000000000000', T0 + 1_000), false);
  assert.equal(table.firstSeenMs('1500000000000000000'), T0 + 5_000);
  assert.equal(table.add('1500000000000000000', T0 + 9_000), false);
  assert.equal(table.firstSeenMs('1500000000000000000'), T0 + 9_000);
  assert.equal(table.firstSeenMs('1500000000000000001'), undefined);
});

test('SeenIdTable rejects a bad id or time and changes nothing', () => {
  const table = new SeenIdTable();
  table.add('42', T0);
  assert.throws(() => table.add('042', T0), { code: 'ID_LEADING_ZERO' });
  assert.throws(() => table.add('43', -1), { code: 'TIME_OUT_OF_RANGE' });
  assert.throws(() => table.has('18446744073709551616'), { code: 'ID_OUT_OF_RANGE' });
  assert.throws(() => table.has(''), { code: 'ID_NOT_DECIMAL' });
  assert.equal(table.size, 1);
  assert.equal(table.has('43'), false);
  assert.throws(() => new SeenIdTable({ expectedEntries: 2 ** 40 }), { code: 'CAPACITY_EXCEEDED' });
});

test('SeenIdTable.expireBefore drops exactly the ids older than the cutoff and finds every survivor', () => {
  const next = prng(12);
  const table = new SeenIdTable();
  const times = new Map<string, number>();
  for (let i = 0; i < 150_000; i++) {
    const id = randomU64(next).toString();
    const time = T0 + (next() % 3_600_000);
    // Short random ids repeat; the table then keeps the later time.
    table.add(id, time);
    times.set(id, Math.max(times.get(id) ?? 0, time));
  }
  const cutoff = T0 + 1_800_000;
  const expired = [...times].filter(([, time]) => time < cutoff).map(([id]) => id);
  assert.equal(table.expireBefore(cutoff), expired.length);
  assert.equal(table.size, times.size - expired.length);
  table.assertConsistent();
  for (const id of expired) assert.equal(table.has(id), false, `${id} should be gone`);
  for (const [id, time] of times) if (time >= cutoff) assert.ok(table.has(id), `${id} lost`);
  assert.equal(table.expireBefore(cutoff), 0, 'a second sweep finds nothing');
});

test('SeenIdTable stays consistent through rounds of inserts and sweeps, as a sliding window', () => {
  const next = prng(13);
  const table = new SeenIdTable();
  const reference = new Map<bigint, number>();
  const windowMs = 60_000;
  for (let round = 0; round < 40; round++) {
    const now = T0 + round * 10_000;
    for (let i = 0; i < 5_000; i++) {
      const id = snowflakeId(next, now - (next() % 10_000));
      const time = now - (next() % 10_000);
      table.add(id.toString(), time);
      // The reference stores what the table promises: whole seconds, the later time wins.
      const seconds = Math.floor(time / 1000);
      reference.set(id, Math.max(reference.get(id) ?? 0, seconds));
    }
    const cutoff = now - windowMs;
    let expected = 0;
    for (const [id, seconds] of reference) {
      if (seconds < Math.floor(cutoff / 1000)) {
        reference.delete(id);
        expected++;
      }
    }
    assert.equal(table.expireBefore(cutoff), expected, `round ${round}`);
    assert.equal(table.size, reference.size);
    table.assertConsistent();
  }
  for (const [id, seconds] of reference) assert.equal(table.firstSeenMs(id.toString()), seconds * 1000);
});

test('SeenIdTable survives a random mix of adds and sweeps on small, crowded, wrapping tables', () => {
  const next = prng(14);
  for (let trial = 0; trial < 2_000; trial++) {
    const table = new SeenIdTable();
    const reference = new Map<string, number>();
    // A small universe of ids so that repeats and full runs that wrap past the last slot are common.
    const universe = 8 + (next() % 200);
    for (let step = 0; step < 150; step++) {
      if (next() % 8 === 0) {
        const cutoff = next() % 100_000;
        for (const [id, time] of reference)
          if (Math.floor(time / 1000) < Math.floor(cutoff / 1000)) reference.delete(id);
        table.expireBefore(cutoff);
      } else {
        const id = String(next() % universe);
        const time = next() % 100_000;
        const held = reference.get(id);
        assert.equal(table.add(id, time), held === undefined);
        if (held === undefined || Math.floor(time / 1000) > Math.floor(held / 1000)) reference.set(id, time);
      }
      assert.equal(table.size, reference.size);
    }
    table.assertConsistent();
    for (let id = 0; id < universe; id++) assert.equal(table.has(String(id)), reference.has(String(id)));
  }
});

test('SeenIdTable shrinks once a sweep leaves it mostly empty, keeping the survivors', () => {
  const table = new SeenIdTable();
  for (let i = 0; i < 100_000; i++) table.add(String(10_000_000_000 + i), i < 1_000 ? T0 + 60_000 : T0);
  const grown = table.capacity;
  assert.equal(table.expireBefore(T0 + 1_000), 99_000);
  assert.ok(table.capacity < grown / 16, `${table.capacity} of ${grown}`);
  assert.ok(table.size / table.capacity > 0.25 && table.size / table.capacity <= 0.5);
  for (let i = 0; i < 1_000; i++) assert.ok(table.has(String(10_000_000_000 + i)));
  table.assertConsistent();
  assert.equal(table.expireBefore(T0 + 120_000), 1_000);
  assert.equal(table.capacity, 16);
  assert.equal(table.size, 0);
});
