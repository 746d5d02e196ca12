// The pflag-compatible layer in-process: value kinds, parsing forms, usage layout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FlagSet } from '../../src/cli/command/flagset.js';
import { readCsvRecord } from '../../src/cli/command/csv.js';
import { run } from '../../src/cli/root.js';

const quiet = { notice: () => {} };

test('long, short, attached and separate values; bool forms; -- terminator', () => {
  const fs = new FlagSet();
  const s = fs.string('str', 's', '', 'a string');
  const b = fs.bool('flag', 'b', false, 'a bool');
  const arr = fs.stringArray('arr', 'a', [], 'an array');
  const r = fs.parse(
    ['x', '--str=1', '-b', '-ahello', '-a', 'w,o', '--flag=false', 'y', '--', '--str', 'z'],
    quiet,
  );
  assert.equal(s.value, '1');
  assert.equal(b.value, false);
  assert.deepEqual(arr.value, ['hello', 'w,o']);
  assert.deepEqual(r.args, ['x', 'y', '--str', 'z']);
  assert.equal(r.argsLenAtDash, 2);
});

test('string slices split CSV and append; string-to-string merges', () => {
  const fs = new FlagSet();
  const sl = fs.stringSlice('values', 'f', ['default'], '');
  const m = fs.stringToString('labels', 'l', '');
  fs.parse(['-f', 'a,"b,c"', '--values', 'd', '-l', 'x=1,y=2', '--labels', '"z=3"'], quiet);
  assert.deepEqual(sl.value, ['a', 'b,c', 'd']);
  assert.deepEqual(m.record(), { x: '1', y: '2', z: '3' });
  assert.equal(m.string(), '[x=1,y=2,z=3]');
});

test('Go error texts for numbers and durations', () => {
  const fs = new FlagSet();
  fs.int('n', '', 0, '');
  fs.duration('d', '', 0n, '');
  assert.throws(() => fs.parse(['--n', '1.5'], quiet), {
    message: 'invalid argument "1.5" for "--n" flag: strconv.ParseInt: parsing "1.5": invalid syntax',
  });
  assert.throws(() => fs.parse(['--d', '5'], quiet), {
    message: 'invalid argument "5" for "--d" flag: time: missing unit in duration "5"',
  });
});

test('CSV reading reports Go column numbers', () => {
  assert.deepEqual(readCsvRecord('a,,b'), ['a', '', 'b']);
  assert.deepEqual(readCsvRecord('"a""b",c'), ['a"b', 'c']);
  assert.throws(() => readCsvRecord('ab"c'), {
    message: 'parse error on line 1, column 3: bare " in non-quoted-field',
  });
});

test('usage lines align, show defaults and hide deprecated flags', () => {
  const fs = new FlagSet();
  fs.string('name', 'n', 'x', 'the name');
  fs.bool('on', '', true, 'switch');
  const old = fs.bool('old', '', false, 'deprecated');
  assert.equal(old.value, false);
  fs.markDeprecated('old', 'use --on');
  assert.equal(
    fs.usages(),
    '  -n, --name string   the name (default "x")\n      --on            switch (default true)\n',
  );
});

test('run() in-process: deprecation notice, error prefix and exit code', async () => {
  let out = '';
  let err = '';
  const io = {
    stdout: (s: string) => void (out += s),
    stderr: (s: string) => void (err += s),
    env: { HOME: '/nonexistent' },
    argv0: '/x/rudder',
  };
  assert.equal(await run(['template', '--force', '--force-conflicts', 'c'], io, { version: '0.0.0' }), 1);
  assert.equal(
    err,
    'Flag --force has been deprecated, use --force-replace instead\nError: if any flags in the group [force force-conflicts] are set none of the others can be; [force force-conflicts] were all set\n',
  );
  err = '';
  assert.equal(await run(['version', '--short'], io, { version: '0.0.0' }), 0);
  assert.equal(out, 'v4.3.2\n');
  assert.equal(await run(['version', '--template', '{{.RudderVersion}}'], io, { version: '1.2.3' }), 0);
  assert.equal(out, 'v4.3.2\nv1.2.3');
});
