// Seeded fuzzing of the readers that take strangers' input (issue 14): the YAML reader, the
// `--set` family, the release record decoder and the chart archive loader. Each input is a
// mutation of valid seeds (bytes flipped, spans cut, copied or repeated, brackets piled deep);
// the property is that a reader returns or throws a typed error with a message — never a JS
// TypeError/RangeError/ReferenceError, never a stack message — and that no input takes long.
//
// CI runs a few hundred inputs per target. A longer run, with another seed:
//   RUDDER_FUZZ_ITERATIONS=20000 RUDDER_FUZZ_SEED=7 node scripts/test.mjs test/fuzz/
// A failure names the seed and iteration; the input that failed is written beside the report.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { loadArchive, loadDir } from '../../src/chart/loader.js';
import { saveChartArchive } from '../../src/chart/save.js';
import { GoMap } from '../../src/go/value.js';
import { decodeRelease } from '../../src/storage/codec/codec.js';
import { releaseFromJson } from '../../src/storage/codec/decode-json.js';
import { parseSet, parseSetJson, parseSetLiteral, parseSetString } from '../../src/values/strvals.js';
import { fromYaml, parseJson, parseYaml } from '../../src/yaml/index.js';
import { checkThrown, fuzz, mutateBytes, mutateText, type Gen } from './harness.js';

const YAML_SEEDS = [
  'a: 1\nb:\n  - x\n  - {y: 2, z: [3, 4]}\n',
  'image:\n  repository: nginx\n  tag: "1.25"\nports: [80, 443]\nenabled: true\n',
  "s: |\n  line one\n  line two\nq: 'it''s'\nd: \"tab\\there\"\nf: >-\n  folded\n  text\n",
  'base: &b {x: 1}\nuse:\n  <<: *b\n  y: 2\nlist: [*b, *b]\n',
  '%YAML 1.1\n---\n!!map {? a : b, c: !!str 1}\n...\n',
  '{"json": [1, 2.5, -3e2, null, true, "\\u00e9"], "o": {}}',
  '- - - a\n  - b\n- c: d\n  e: f\n',
];
const YAML_CHARS = [...'[]{}:,-?!&*|>\'"#%@\n\t \\0aZ.=<'];

fuzz(
  'YAML reader',
  (g) => mutateText(g, g.pick(YAML_SEEDS), YAML_CHARS),
  (text) => {
    for (const target of ['any', 'map', 'list'] as const) {
      try {
        parseYaml(text, target);
      } catch (e) {
        checkThrown(e);
      }
    }
    fromYaml(text);
  },
  (t) => t,
);

const SET_SEEDS = [
  'a=1,b.c=x,d[0]=y',
  'list={a,b,c},x\\,y=z',
  'a[2][1].b=true,n=null',
  'k="v",j=[1,{"a":2}]',
  'deep.a.b.c.d.e=1',
];
const SET_CHARS = [...'.[]=,{}\\"0123ab :-'];

fuzz(
  '--set parsers',
  (g) => mutateText(g, g.pick(SET_SEEDS), SET_CHARS),
  (s) => {
    for (const parse of [parseSet, parseSetString, parseSetJson, parseSetLiteral]) {
      try {
        parse(s, new GoMap());
      } catch (e) {
        checkThrown(e);
      }
    }
  },
  (s) => s,
);

const RELEASE_JSON = JSON.stringify({
  name: 'r',
  namespace: 'default',
  version: 2,
  info: {
    first_deployed: '2024-01-02T03:04:05.123456789Z',
    last_deployed: '2024-01-02T03:04:05Z',
    deleted: '',
    description: 'Upgrade complete',
    status: 'deployed',
    notes: 'hi',
  },
  chart: {
    metadata: { name: 'c', version: '0.1.0', apiVersion: 'v2', dependencies: [{ name: 'd', version: '1' }] },
    templates: [{ name: 'templates/a.yaml', data: 'eDogMQo=' }],
    values: { a: 1, b: [true, null, 'x'] },
    files: [],
  },
  config: { a: { b: [1, 2] } },
  manifest: '---\nkind: ConfigMap\n',
  hooks: [{ name: 'h', kind: 'Job', path: 'p', manifest: 'm', events: ['pre-install'], last_run: {} }],
  labels: { owner: 'helm' },
});

fuzz(
  'release record decoder',
  (g) => {
    const json = mutateText(g, RELEASE_JSON, [...'{}[]":,0-9.etruflsn\\ ']);
    const bytes = Buffer.from(json, 'utf8');
    const stored = g.int(2) === 0 ? gzipSync(bytes) : bytes;
    return { json, record: Buffer.from(g.int(4) === 0 ? mutateBytes(g, stored) : stored).toString('base64') };
  },
  ({ json, record }) => {
    try {
      releaseFromJson(json);
    } catch (e) {
      checkThrown(e);
    }
    try {
      parseJson(json);
    } catch (e) {
      checkThrown(e);
    }
    decodeRelease(record);
  },
  ({ json }) => json,
);

/** A small valid chart archive, as `helm package` writes one. */
function sampleArchive(): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'fuzz-chart-'));
  mkdirSync(join(dir, 'templates'));
  mkdirSync(join(dir, 'charts', 'sub', 'templates'), { recursive: true });
  writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
  writeFileSync(join(dir, 'values.yaml'), 'a: 1\nsub:\n  b: [1, 2]\n');
  writeFileSync(join(dir, 'templates', 'a.yaml'), 'x: {{ .Values.a }}\n');
  writeFileSync(join(dir, '.helmignore'), '*.tmp\n');
  writeFileSync(join(dir, 'charts', 'sub', 'Chart.yaml'), 'apiVersion: v2\nname: sub\nversion: 1.0.0\n');
  writeFileSync(join(dir, 'charts', 'sub', 'templates', 'b.yaml'), 'y: 1\n');
  try {
    return saveChartArchive(loadDir(dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

fuzz(
  'chart archive loader',
  (() => {
    const gz = sampleArchive();
    const tar = gunzipSync(gz);
    // Half the inputs break the tar inside a valid gzip stream, half the gzip bytes themselves.
    return (g: Gen) => (g.int(2) === 0 ? gzipSync(mutateBytes(g, tar)) : mutateBytes(g, gz));
  })(),
  (data) => {
    loadArchive(data);
  },
  (data) => Buffer.from(data).toString('base64'),
);
