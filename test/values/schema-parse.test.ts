// The schema reader's two paths: JSON.parse (taken when no number text or key order can differ
// from Go's) must give exactly what the exact parser gives, key order and number texts included,
// or decline. Every corpus values.schema.json, and texts made to hit each reason to decline.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { JNum, parseSchemaFast, parseSchemaJson, type JVal } from '../../src/values/jsonschema.js';
import { CORPUS_DIR } from '../support/corpus.js';

/** A text that shows key order, number texts and containers (equal texts, equal values). */
function show(v: JVal): string {
  const out: string[] = [];
  const todo: (JVal | string)[] = [v];
  while (todo.length > 0) {
    const x = todo.pop()!;
    if (typeof x === 'string' && out.length > 0 && /^[[\]{}]$/.test(x)) out.push(x);
    else if (x instanceof JNum) out.push(`#${x.text}`);
    else if (Array.isArray(x)) todo.push(']', ...[...x].reverse(), '[');
    else if (x instanceof Map)
      todo.push('}', ...[...x].reverse().flatMap(([k, y]): (JVal | string)[] => [y, JSON.stringify(k)]), '{');
    else out.push(JSON.stringify(x));
  }
  return out.join(' ');
}

function schemaFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) schemaFiles(p, out);
    else if (name === 'values.schema.json') out.push(p);
  }
  return out;
}

test('JSON.parse path equals the exact parser on every corpus schema', () => {
  const files = schemaFiles(CORPUS_DIR);
  assert.ok(files.length >= 50, `corpus schemas: ${files.length}`);
  let fast = 0;
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    const a = parseSchemaFast(text);
    if (a === undefined) continue;
    fast++;
    assert.equal(show(a), show(parseSchemaJson(text)), f);
  }
  // the corpus has no float and no index key: every file takes the fast path
  assert.equal(fast, files.length);
});

test('JSON.parse path declines what it would read differently, reads the rest alike', () => {
  const declined = [
    '{"a": 1.0}',
    '{"a": [10E0]}',
    '{"a":-0}',
    '{"a": 12345678901234567}',
    '{"b": {"type": "string"}, "10": {}, "2": 1}',
    '{"properties": {"0": true}}',
    '5',
    '{"a": 1,}',
    '[' + '['.repeat(10000) + ']'.repeat(10000) + ']',
  ];
  for (const t of declined) assert.equal(parseSchemaFast(t), undefined, t.slice(0, 40));
  const read = [
    '{"a": 1, "b": -12, "c": [0, 123456789012345], "d": "v1.5 or 2e3"}',
    '{"b": 1, "__proto__": {"type": "string"}, "a": 2, "b": 3}',
    '{"a": "\\u00e9\\ud83d\\ude00\\ud800", "k\\"ey": null, "t": true, "f": false}',
    '{"4294967295x": 1, "a": {"-1": 2, "01": 3, "1.5": 4}}',
    '[' + '['.repeat(9998) + ']'.repeat(9998) + ']',
    'true',
    ' {} ',
  ];
  for (const t of read) {
    const a = parseSchemaFast(t);
    assert.notEqual(a, undefined, t.slice(0, 40));
    assert.equal(show(a!), show(parseSchemaJson(t)), t.slice(0, 40));
  }
});
