// The parsed-template cache (src/render/parse-cache.ts) in process: trees read back from disk
// equal the parser's, with their emptiness known before their roots are decoded; a root is
// decoded only when used, so is a large branch body (kept apart), and one that does not decode is
// parsed again from the text.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ParseCache } from '../../src/render/parse-cache.js';
import { isEmptyTree, type Tree } from '../../src/template/parse/node.js';
import { parse, type FuncNames } from '../../src/template/parse/parse.js';
import { BUILTIN_NAMES } from '../../src/template/builtins.js';
import { plainTree } from '../support/trees.js';

const xdg = mkdtempSync(join(tmpdir(), 'rudder-parse-cache-lazy-'));
after(() => rmSync(xdg, { recursive: true, force: true }));
const env = { XDG_CACHE_HOME: xdg };
const funcs: readonly FuncNames[] = [new Set(['include', 'quote', 'trunc']), BUILTIN_NAMES];
const lex = { leftDelim: '', rightDelim: '', funcs };

const helpers =
  '{{- define "x.name" -}}{{ .Chart.Name | trunc 63 }}{{- end -}}\n' +
  '{{ define "x.blank" }} \n\t{{/* nothing */}} {{ end }}\n' +
  '{{- define "x.unused" -}}{{ range $i, $v := .L }}{{ $i }}é{{ 1.5 }}{{ end }}{{- end -}}\n';
const line = '  k: {{ include "x.name" . | quote }}\n';
const big =
  `{{- if .Values.on }}\nkind: ConfigMap\ndata:\n${line.repeat(600)}` +
  `{{- range $i, $v := .Values.list }}\n${line.repeat(300)}{{- else }}{{ with .x }}${line.repeat(20)}{{ end }}{{ end }}` +
  `{{- else if .Values.off }}\n${line.repeat(30)}{{- else }}\n${line.repeat(2)}{{- end }}\n`;
const files: [string, string][] = [
  ['c/templates/_helpers.tpl', helpers],
  ['c/templates/cm.yaml', big],
];
type Index = [string, ...[string, [string, number, number, boolean][], number][]];

test('trees read back lazily from disk, equal to the parser, emptiness known up front', () => {
  (globalThis as { RUDDER_BUILD_ID?: string }).RUDDER_BUILD_ID = `lazy-test-${process.pid}`;
  const parsed = files.map(([n, t]) => parse(n, t, { funcs }));
  const first = ParseCache.open(files, lex, env)!;
  files.forEach(([, text], i) => {
    assert.equal(first.get(i, text), undefined, 'a miss before anything is written');
    first.record(i, parsed[i]!, text);
  });
  first.save();
  const dir = join(xdg, 'rudder', 'templates');
  const file = join(dir, readdirSync(dir)[0]!);
  const data = readFileSync(file, 'latin1');
  const nl = data.indexOf('\n');
  const index = JSON.parse(data.slice(0, nl)) as Index;
  assert.ok(!/[\u0080-\uffff]/.test(data), 'ASCII on disk');
  assert.ok(index[1]![2] > 0, 'the helpers (with an é) are kept escaped');
  assert.equal(index[2]![2], -1, 'an ASCII text is kept as it is');

  const readBack = (): Map<string, Tree>[] => {
    ParseCache.clearMemory();
    const c = ParseCache.open(files, lex, env)!;
    return files.map(([, text], i) => c.get(i, text)!);
  };
  const back = readBack();
  files.forEach((_, i) => {
    assert.deepStrictEqual([...back[i]!.keys()], [...parsed[i]!.keys()]);
    for (const [name, tree] of parsed[i]!) {
      const b = back[i]!.get(name)!;
      assert.equal(b.empty, isEmptyTree(tree.root), `${name}: emptiness`);
      assert.equal(b.parseName, tree.parseName);
      assert.equal(b.text, tree.text);
      assert.deepStrictEqual(plainTree(b.root), plainTree(tree.root), `${name}: root`);
    }
  });
  assert.equal(back[0]!.get('x.blank')!.empty, true);

  // x.unused's JSON replaced by bytes that do not parse, same length: reading the set does not
  // notice; using that tree parses the text again and gives the parser's tree. So for the
  // bodies cm.yaml keeps apart.
  let at = nl + 1;
  const where = new Map<string, [number, number, number]>();
  for (const [, trees] of index.slice(1) as Index[1][])
    for (const [name, root, apart] of trees) {
      where.set(name, [at, root, apart]);
      at += root + apart;
    }
  const [u, uLen] = where.get('x.unused')!;
  const [c, cRoot, cApart] = where.get('c/templates/cm.yaml')!;
  assert.ok(cApart > 0, 'cm.yaml has bodies kept apart');
  assert.ok(/"apart":\[/.test(data.slice(c, c + cRoot)));
  const bang = (d: string, from: number, len: number): string =>
    d.slice(0, from) + '!'.repeat(len) + d.slice(from + len);
  writeFileSync(file, bang(bang(data, u, uLen), c + cRoot, cApart));
  const damaged = readBack();
  assert.deepStrictEqual(damaged[0]!.get('x.name')!.root, parsed[0]!.get('x.name')!.root);
  assert.deepStrictEqual(
    plainTree(damaged[0]!.get('x.unused')!.root),
    plainTree(parsed[0]!.get('x.unused')!.root),
  );
  assert.deepStrictEqual(
    plainTree(damaged[1]!.get('c/templates/cm.yaml')!.root),
    plainTree(parsed[1]!.get('c/templates/cm.yaml')!.root),
  );

  // A changed text is a miss.
  ParseCache.clearMemory();
  const other: [string, string][] = [files[0]!, [files[1]![0], big.replace('k:', 'j:')]];
  assert.equal(ParseCache.open(other, lex, env)!.get(1, other[1]![1]), undefined);
});

test('a set that is mostly literal text (CRDs) is parsed every time, one with actions enough is cached', () => {
  (globalThis as { RUDDER_BUILD_ID?: string }).RUDDER_BUILD_ID = `lazy-test-${process.pid}`;
  ParseCache.clearMemory();
  const crd = `{{- if .Values.crds }}\n${'    description: a field of a CRD\n'.repeat(2000)}{{- end }}\n`;
  // 70 KB with 2 actions: not even a key is made.
  assert.equal(ParseCache.open([['c/templates/crd.yaml', crd]], lex, env), undefined);
  // One action per 2,000 characters is enough: the set is cached.
  const some = `${crd}${'{{ .Values.x }}'.repeat(Math.ceil(crd.length / 2000) - 2)}`;
  assert.ok(ParseCache.open([['c/templates/crd.yaml', some]], lex, env) !== undefined);
  // Other delimiters are counted, not `{{`.
  const angled = { ...lex, leftDelim: '<<', rightDelim: '>>' };
  assert.equal(ParseCache.open([['c/templates/crd.yaml', some]], angled, env), undefined);
  assert.ok(
    ParseCache.open([['c/templates/crd.yaml', some.replaceAll('{{', '<<')]], angled, env) !== undefined,
  );
});
