import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'vitest';
import { z } from 'zod';
import { ConfigError, fields, parseEnv, resolveFileVariables } from '../src/index.js';

const schema = z.object({
  PORT: fields.port(9101),
  RATIO: fields.ratio(0.5),
  NAMES: fields.list('a,b'),
  ON: fields.boolean(false),
});

test('parseEnv applies defaults, treats empty strings as unset and freezes the result', () => {
  const config = parseEnv(schema, { PORT: '', RATIO: '0.25', ON: 'yes' });
  assert.deepEqual(config, { PORT: 9101, RATIO: 0.25, NAMES: ['a', 'b'], ON: true });
  assert.ok(Object.isFrozen(config));
  assert.ok(Object.isFrozen(config.NAMES));
});

test('parseEnv names every bad variable and never echoes its value', () => {
  assert.throws(
    () => parseEnv(schema, { PORT: '70000', RATIO: 'secret-value' }),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.deepEqual([...err.variables].sort(), ['PORT', 'RATIO']);
      assert.doesNotMatch(err.message, /secret-value/);
      return true;
    },
  );
});

test('resolveFileVariables reads NAME_FILE and refuses NAME and NAME_FILE together', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'cfg-')), 'uri');
  writeFileSync(file, 'mongodb://user:pw@db:27017\n');
  assert.equal(
    resolveFileVariables({ MONGODB_URI_FILE: file }, ['MONGODB_URI']).MONGODB_URI,
    'mongodb://user:pw@db:27017',
  );
  assert.throws(() => resolveFileVariables({ MONGODB_URI: 'x', MONGODB_URI_FILE: file }, ['MONGODB_URI']), ConfigError);
});
