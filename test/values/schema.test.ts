// values.schema.json validation compared with helm v4.3.2 (santhosh-tekuri/jsonschema v6.0.3):
// error trees, message texts, drafts, $ref, formats, numbers, subchart schemas.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, test } from 'node:test';
import { engFloat, engInt, sq } from '../../src/values/jsonschema.js';
import { type Case, mismatches, report, runCases, tempDir, writeTree } from './support.js';

const work = tempDir('rvals-schema-');
after(() => rmSync(work, { recursive: true, force: true }));

const cases: Case[] = [];
let n = 0;
/** One chart per schema; each args list is a case on it. */
function schema(name: string, schemaText: string, runs: string[][], opts: Partial<Case> = {}): void {
  const dir = `s${String(n++).padStart(3, '0')}`;
  writeTree(work, {
    [`${dir}/Chart.yaml`]: `apiVersion: v2\nname: ${dir}\nversion: 0.1.0\n`,
    [`${dir}/values.yaml`]: 'name: default\n',
    [`${dir}/values.schema.json`]: schemaText,
    [`${dir}/templates/cm.yaml`]: 'ok: {{ toJson .Values }}\n',
  });
  runs.forEach((args, i) => cases.push({ name: `${name} #${i}`, args: ['template', dir, ...args], ...opts }));
}
const S = (o: unknown): string => JSON.stringify(o);

schema('type string', S({ properties: { a: { type: 'string' } } }), [
  ['--set', 'a=1'],
  ['--set', 'a=x'],
  ['--set', 'a=true'],
  ['--set', 'a=null'],
  ['--set-json', 'a=[1]'],
  ['--set-json', 'a={"b":1}'],
]);
schema('type integer', S({ properties: { a: { type: 'integer' } } }), [
  ['--set', 'a=1'],
  ['--set-json', 'a=1.0'],
  ['--set-json', 'a=1.5'],
  ['--set', 'a=1.5'],
  ['--set-json', 'a=1e3'],
]);
schema('type list', S({ properties: { a: { type: ['string', 'null', 'integer', 'object'] } } }), [
  ['--set', 'a=true'],
  ['--set-json', 'a=[]'],
]);
schema('type number', S({ properties: { a: { type: 'number' } } }), [
  ['--set', 'a=x'],
  ['--set', 'a=5'],
]);
schema('required', S({ required: ['a', 'b', 'c'] }), [['--set', 'b=1'], ['--set', 'a=1,b=2,c=3'], []]);
schema('required one', S({ required: ['name', 'x'] }), [[], ['--set', 'name=null']]);
schema('additionalProperties false', S({ properties: { name: {}, a: {} }, additionalProperties: false }), [
  ['--set', 'zz=1'],
  ['--set', 'a=1'],
]);
schema('additionalProperties schema', S({ additionalProperties: { type: 'string' } }), [
  ['--set', 'x=1'],
  ['--set', 'x=a'],
]);
schema('enum', S({ properties: { a: { enum: ['x', 1, 2.5, null, true, 1e3] } } }), [
  ['--set', 'a=y'],
  ['--set', 'a=1'],
  ['--set-json', 'a=1000'],
]);
// v6.0.3: a number never equals a string, even one that reads as the same number
schema(
  'number against numeric strings',
  S({ properties: { a: { enum: ['x', '1', 2] }, b: { const: '5' } } }),
  [
    ['--set', 'a=1'],
    ['--set', 'b=5'],
    ['--set-string', 'b=5'],
  ],
);
schema('enum one', S({ properties: { a: { enum: ['only'] } } }), [['--set', 'a=y']]);
schema('enum complex', S({ properties: { a: { enum: [[1], { b: 1 }] } } }), [
  ['--set', 'a=y'],
  ['--set-json', 'a={"b":1}'],
]);
schema('const', S({ properties: { a: { const: 'x' }, b: { const: 5 }, c: { const: [1] } } }), [
  ['--set', 'a=y'],
  ['--set', 'b=6'],
  ['--set', 'c=1'],
  ['--set', 'b=5'],
]);
schema(
  'numbers',
  S({
    properties: {
      a: { minimum: 1500.5 },
      b: { maximum: 1000 },
      c: { exclusiveMinimum: 0 },
      d: { exclusiveMaximum: 1e21 },
      e: { multipleOf: 0.1 },
    },
  }),
  [
    ['--set', 'a=1000'],
    ['--set-json', 'a=1000.25'],
    ['--set', 'b=1234567'],
    ['--set-json', 'b=1e100'],
    ['--set', 'c=0'],
    ['--set-json', 'c=-0.00001'],
    ['--set-json', 'd=1e22'],
    ['--set-json', 'e=0.35'],
    ['--set-json', 'e=0.3'],
    ['--set', 'b=-99999'],
    ['--set-json', 'b=12345678.9'],
  ],
);
schema(
  'numbers from values file',
  S({ properties: { n: { maximum: 10 } } }),
  [
    ['--set', 'n=11'],
    ['-f', '-'],
  ],
  {},
);
schema(
  'strings',
  S({
    properties: {
      a: { minLength: 2000, maxLength: 2 },
      b: { pattern: '^\\p{L}+$' },
      c: { pattern: '^[a-z]+\\d$' },
    },
  }),
  [
    ['--set', 'a=x'],
    ['--set', 'a=éé'],
    ['--set', 'a=ééé'],
    ['--set', 'b=a1'],
    ['--set', 'b=ñ'],
    ['--set', "c=it's"],
    ['--set', 'c=ab1'],
  ],
);
schema(
  'arrays',
  S({
    properties: {
      a: { minItems: 2, maxItems: 3, uniqueItems: true },
      b: { items: { type: 'string' } },
      c: { prefixItems: [{ type: 'string' }], items: false },
    },
  }),
  [
    ['--set', 'a={1}'],
    ['--set', 'a={1,2,3,4}'],
    ['--set', 'a={1,1}'],
    ['--set', 'b={x,1,y,2}'],
    ['--set', 'c={x,y}'],
    ['--set', 'c={1}'],
  ],
);
schema(
  'contains',
  S({
    properties: {
      a: { contains: { type: 'string' } },
      b: { contains: { const: 1 }, minContains: 2, maxContains: 3 },
    },
  }),
  [
    ['--set', 'a={1,2}'],
    ['--set', 'b={1,2}'],
    ['--set', 'b={1,1,1,1}'],
    ['--set', 'b={2}'],
  ],
);
schema(
  'objects',
  S({ properties: { o: { minProperties: 2, maxProperties: 3, propertyNames: { pattern: '^[a-z]+$' } } } }),
  [
    ['--set', 'o.a=1'],
    ['--set', 'o.a=1,o.b=2,o.c=3,o.d=4'],
    ['--set', 'o.a=1,o.B1=2'],
  ],
);
schema(
  'nested objects',
  S({ properties: { a: { properties: { b: { properties: { c: { type: 'integer' } } } } } } }),
  [
    ['--set', 'a.b.c=x'],
    ['--set', 'a.b=1'],
  ],
);
schema(
  'group at one location',
  S({ properties: { k: { required: ['a'], properties: { q: { type: 'string' } }, minProperties: 3 } } }),
  [['--set', 'k.q=1']],
);
schema('allOf', S({ allOf: [{ required: ['x'] }, { properties: { name: { type: 'integer' } } }] }), [
  [],
  ['--set', 'x=1'],
]);
schema('anyOf', S({ properties: { a: { anyOf: [{ type: 'string' }, { type: 'integer', minimum: 5 }] } } }), [
  ['--set', 'a=1'],
  ['--set', 'a=true'],
  ['--set', 'a=x'],
]);
schema(
  'oneOf',
  S({ properties: { a: { oneOf: [{ type: 'string' }, { type: 'integer' }, { minLength: 1 }] } } }),
  [
    ['--set', 'a=x'],
    ['--set', 'a=true'],
    ['--set', 'a=1'],
  ],
);
schema('not', S({ properties: { a: { not: { type: 'string' } } } }), [
  ['--set', 'a=x'],
  ['--set', 'a=1'],
]);
schema(
  'if then else',
  S({
    if: { properties: { kind: { const: 'a' } }, required: ['kind'] },
    then: { required: ['forA'] },
    else: { properties: { name: { maxLength: 3 } } },
  }),
  [
    ['--set', 'kind=a'],
    ['--set', 'kind=a,forA=1'],
    ['--set', 'kind=b'],
  ],
);
schema(
  '$ref defs',
  S({
    $defs: { port: { type: 'integer', maximum: 65535 } },
    properties: { p: { $ref: '#/$defs/port' }, q: { $ref: '#/$defs/port', minimum: 10 } },
  }),
  [
    ['--set', 'p=70000'],
    ['--set', 'p=x'],
    ['--set', 'q=5'],
    ['--set', 'q=70000'],
  ],
);
schema(
  '$ref group',
  S({
    definitions: { o: { required: ['a', 'b'], minProperties: 5 } },
    properties: { r: { $ref: '#/definitions/o' } },
  }),
  [['--set', 'r.x=1']],
);
schema('$ref missing', S({ properties: { a: { $ref: '#/definitions/nope' } } }), [['--set', 'a=1']]);
schema('$ref root recursion', S({ properties: { child: { $ref: '#' }, name: { type: 'string' } } }), [
  ['--set', 'child.child.name=1'],
]);
schema(
  '$anchor',
  S({ $defs: { s: { $anchor: 'str', type: 'string' } }, properties: { a: { $ref: '#str' } } }),
  [['--set', 'a=1']],
);
schema(
  'draft-07 format',
  S({
    $schema: 'http://json-schema.org/draft-07/schema#',
    properties: {
      e: { format: 'email' },
      h: { format: 'hostname' },
      i: { format: 'ipv4' },
      u: { format: 'uuid' },
    },
  }),
  [
    ['--set', 'e=foo'],
    ['--set', 'e=a..b@x.com'],
    ['--set', 'e=a@-x.com'],
    ['--set', 'h=a_b'],
    ['--set', 'i=1.2.3'],
    ['--set', 'i=01.2.3.4'],
    ['--set', 'i=1.2.3.256'],
    ['--set', 'u=abc'],
    ['--set', 'u=0000000-0000-0000-0000-000000000000'],
    ['--set', 'e=ok@example.com'],
    // v6.0.3: a local part is quoted only when it starts and ends with '"'
    ['--set', 'e="ab@example.com'],
    ['--set', 'e="a b"@example.com'],
  ],
);
// v6.0.3: additionalItems errors are numbered from the first additional item, not from 0
schema(
  'draft-07 additionalItems',
  S({
    $schema: 'http://json-schema.org/draft-07/schema#',
    properties: { d: { items: [{ type: 'string' }], additionalItems: { type: 'string' } } },
  }),
  [
    ['--set', 'd={x,1,y,2}'],
    ['--set', 'd={x,y}'],
  ],
);
schema('2020 format not asserted', S({ properties: { e: { format: 'email' } } }), [['--set', 'e=foo']]);
schema(
  'draft-04',
  S({
    $schema: 'http://json-schema.org/draft-04/schema#',
    properties: {
      a: { minimum: 5, exclusiveMinimum: true },
      b: { const: 1 },
      c: { $ref: '#/definitions/d', type: 'string' },
    },
    definitions: { d: { type: 'integer' } },
  }),
  [
    ['--set', 'a=5'],
    ['--set', 'b=2'],
    ['--set', 'c=x'],
    ['--set', 'c=1'],
  ],
);
schema(
  'draft-06',
  S({
    $schema: 'http://json-schema.org/draft-06/schema#',
    properties: { a: { const: 1 }, b: { if: { type: 'string' }, then: { minLength: 5 } } },
  }),
  [
    ['--set', 'a=2'],
    ['--set', 'b=x'],
  ],
);
schema(
  'draft 2019-09',
  S({
    $schema: 'https://json-schema.org/draft/2019-09/schema',
    properties: {
      a: { items: [{ type: 'string' }], additionalItems: false },
      b: { $ref: '#/$defs/x', maxLength: 1 },
    },
    $defs: { x: { type: 'string' } },
  }),
  [
    ['--set', 'a={x,y}'],
    ['--set', 'b=1'],
    ['--set', 'b=xx'],
  ],
);
schema('unknown $schema', S({ $schema: 'foo', type: 'object' }), [[]]);
schema(
  '$schema with empty fragment',
  S({ $schema: 'https://json-schema.org/draft/2020-12/schema#', properties: { a: { type: 'string' } } }),
  [['--set', 'a=1']],
);
schema('dependentRequired', S({ dependentRequired: { a: ['b', 'c'] }, dependencies: { x: ['y'] } }), [
  ['--set', 'a=1'],
  ['--set', 'x=1'],
]);
schema(
  'unevaluatedProperties',
  S({ properties: { name: {} }, allOf: [{ properties: { a: {} } }], unevaluatedProperties: false }),
  [
    ['--set', 'a=1'],
    ['--set', 'b=1'],
  ],
);
schema('false schema', S({ properties: { a: false } }), [['--set', 'a=1']]);
schema('root not object', S({ type: 'array' }), [[]]);
schema('invalid json', '{"type": "object",}', [[]]);
schema('truncated json', '[1', [[]]);
schema('trailing json', '{"a":1}}', [[]]);
schema('skip schema validation', S({ properties: { a: { type: 'string' } } }), [
  ['--set', 'a=1', '--skip-schema-validation'],
]);
schema(
  'quoting',
  S({
    properties: { a: { pattern: '^\'x"\\n$' }, "we'ird": { type: 'string' } },
    additionalProperties: false,
    required: ["it's"],
  }),
  [
    ['--set', "a=y'z"],
    ['--set', "we\\'ird=1"],
  ],
);

// subchart schemas and non-map subchart values
writeTree(work, {
  'p/Chart.yaml': 'apiVersion: v2\nname: p\nversion: 0.1.0\ndependencies:\n- name: sub\n  version: 0.1.0\n',
  'p/values.schema.json': S({ properties: { top: { type: 'string' } } }),
  'p/values.yaml': 'top: x\n',
  'p/templates/cm.yaml': 'ok: 1\n',
  'p/charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 0.1.0\n',
  'p/charts/sub/values.yaml': 'port: 80\n',
  'p/charts/sub/values.schema.json': S({
    properties: {
      port: { type: 'integer', maximum: 1000 },
      global: { properties: { g: { type: 'string' } } },
    },
    required: ['port'],
  }),
  'p/charts/sub/templates/cm.yaml': 'ok: 1\n',
});
for (const args of [
  [],
  ['--set', 'sub.port=5000'],
  ['--set', 'top=1', '--set', 'sub.port=x'],
  ['--set', 'sub.port=null'],
  ['--set', 'global.g=1'],
  ['--set', 'sub=5'],
]) {
  cases.push({ name: `subchart ${args.join(' ')}`, args: ['template', 'p', ...args] });
}
// Texts JSON.parse would read otherwise (number texts, index keys: the exact reader takes
// them), a pretty-printed schema (JSON.parse's), and which of two bad $refs is reported first.
schema(
  'number texts as written',
  '{"properties": {"a": {"const": 1.0}, "b": {"enum": [10E0, -0, 12345678901234567, 2]}, "c": {"maximum": 1e2}, "10": {"type": "string"}, "2": {"type": "integer"}}}',
  [
    ['--set', 'a=2'],
    ['--set', 'b=3'],
    ['--set', 'c=500'],
    ['--set', '10=1'],
    ['--set', '2=x'],
    ['--set', 'b=10'],
  ],
);
schema(
  'pretty-printed, $ref, $anchor, patterns',
  JSON.stringify(
    {
      $defs: {
        port: { type: 'integer', minimum: 1, maximum: 65535 },
        nm: { $anchor: 'nm', type: 'string', pattern: '^[a-z]+$' },
      },
      properties: {
        port: { $ref: '#/$defs/port' },
        name: { $ref: '#nm' },
        labels: { patternProperties: { '^x-': { type: 'string' } }, additionalProperties: false },
        list: { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'integer' }] } },
      },
    },
    null,
    2,
  ),
  [
    ['--set', 'port=0'],
    ['--set', 'name=Ab'],
    ['--set', 'labels.x-a=1'],
    ['--set', 'labels.y=2'],
    ['--set', 'port=80', '--set', 'labels.x-b=b'],
    ['--set-json', 'list=["a",1,true]'],
  ],
);
schema(
  'first of two bad $refs',
  '{"properties": {"a": {"$ref": "#/nope"}}, "allOf": [{"$ref": "#/nope2"}]}',
  [[]],
);
// stdin values for the "numbers from values file" chart
for (const c of cases)
  if (c.args.includes('-') && c.name.startsWith('numbers from values file')) c.stdin = 'n: 12345678\n';

test('schema validation errors give what helm gives', async () => {
  const outcomes = await runCases(cases, work);
  const bad = mismatches(outcomes);
  console.log(`schema: ${outcomes.length - bad.length}/${outcomes.length} cases equal to helm`);
  assert.equal(bad.length, 0, report(outcomes, 40));
});

test('English number formatting as golang.org/x/text/message', () => {
  assert.equal(engInt(2000), '2,000');
  assert.equal(engFloat(1000.25), '1,000.25');
  assert.equal(engFloat(1234567), '1.234567×10⁰⁶');
  assert.equal(engFloat(1e-5), '1×10⁻⁰⁵');
  assert.equal(sq('it\'s "x"'), "'it\\'s \"x\"'");
});
