// The parsed-template cache's encoding (src/template/parse/serial.ts): every template of the
// corpus, and literals JSON cannot hold (bigints, -0, huge floats, complex, characters), read
// back equal to what the parser returned; a function the tables lack makes the entry a miss.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type FuncNames } from '../../src/template/parse/parse.js';
import { decodeRoot, decodeTrees, encodeRoot, encodeTrees } from '../../src/template/parse/serial.js';
import type { BranchNode, ListNode, Node, Tree } from '../../src/template/parse/node.js';
import { BUILTIN_NAMES } from '../../src/template/builtins.js';
import { helmFuncMap } from '../../src/funcs/helm.js';
import { CORPUS_DIR } from '../support/corpus.js';
import { plainTree } from '../support/trees.js';

const HELM: FuncNames = new Set([...helmFuncMap().keys(), 'include', 'tpl', 'required', 'lookup']);
const FUNCS: readonly FuncNames[] = [HELM, BUILTIN_NAMES];

function roundTrip(name: string, text: string, funcs: readonly FuncNames[] = FUNCS): void {
  const trees = parse(name, text, { funcs });
  const enc = encodeTrees(trees, text);
  assert.ok(enc !== undefined, `${name}: not encodable`);
  const back = decodeTrees(JSON.parse(enc), name, text, funcs);
  assert.ok(back !== undefined, `${name}: not decodable`);
  assert.deepStrictEqual([...back.keys()], [...trees.keys()]);
  for (const [k, t] of trees) {
    const b: Tree = back.get(k)!;
    assert.equal(b.name, t.name);
    assert.equal(b.parseName, t.parseName);
    assert.equal(b.text, t.text);
    assert.deepStrictEqual(b.root, t.root, `${name}: tree ${k}`);
  }
}

/** The list at a path of (index, 0 list / 1 else list) steps from the root. */
const at = (root: ListNode, path: readonly number[]): Node[] => {
  let list = root;
  for (let i = 0; i < path.length; i += 2) {
    const n = list.nodes[path[i]!] as BranchNode;
    list = path[i + 1] === 0 ? n.list : n.elseList!;
  }
  return list.nodes;
};

/**
 * encodeRoot/decodeRoot (the disk cache's form): each tree reads back as parsed, and again with
 * every body kept apart damaged, when each is parsed again by its path; returns the bodies kept apart.
 */
function roundTripApart(name: string, text: string): number {
  const trees = parse(name, text, { funcs: FUNCS });
  let bodies = 0;
  for (const [k, t] of trees) {
    const enc = encodeRoot(t, text);
    assert.ok(enc !== undefined, `${name}: not encodable`);
    assert.ok(!/[\u0080-\uffff]/.test(enc.root + enc.apart), `${name}: ASCII`);
    const noReparse = (): Node[] => assert.fail(`${name}: ${k}: a body did not decode`);
    const back = decodeRoot(enc.root, text, FUNCS, { data: enc.apart, at: 0, reparse: noReparse });
    assert.deepStrictEqual(plainTree(back), plainTree(t.root), `${name}: tree ${k}`);
    bodies += (enc.root.match(/"apart":\[/g) ?? []).length;
    if (enc.apart.length === 0) continue;
    const reparse = (path: readonly number[]): Node[] =>
      at(parse(name, text, { funcs: FUNCS }).get(k)!.root, path);
    const damaged = decodeRoot(enc.root, text, FUNCS, { data: '!'.repeat(enc.apart.length), at: 0, reparse });
    assert.deepStrictEqual(plainTree(damaged), plainTree(t.root), `${name}: tree ${k}, bodies parsed again`);
  }
  return bodies;
}

test('literals JSON cannot hold read back exactly', () => {
  const text =
    '{{ 9223372036854775807 }} {{ -9223372036854775808 }} {{ 18446744073709551615 }} {{ -0 }} ' +
    "{{ -0.0 }} {{ 1e308 }} {{ 0x1p-2 }} {{ 1_000 }} {{ 2i }} {{ 1.5i }} {{ 'a' }} {{ '\\u00e9' }} " +
    '{{ printf "%v" 0o17 }} {{ "é\\n" }} {{ `raw` }}{{/* c */}}{{- " x " -}}  t  {{ nil }}';
  roundTrip('lits', text);
  roundTripApart('lits', text);
});

test('defines, blocks, control flow and variables read back exactly', () => {
  const text = `a{{define "x"}}{{ .A.b }}{{end}}{{ block "y" . }}{{ range $i, $v := .L }}{{ if $v }}
{{ $i }}{{ else if not $v }}{{ break }}{{ else }}{{ continue }}{{ end }}{{ end }}{{ end }}
{{ with $x := (index . "k").f }}{{ $x = 1 }}{{ template "x" $x }}{{ else }}e{{ end }}`;
  roundTrip('ctl', text);
  roundTripApart('ctl', text);
});

test('a function the tables lack makes the cached entry a miss', () => {
  const funcs: readonly FuncNames[] = [new Set(['myfn']), BUILTIN_NAMES];
  const text = '{{ myfn 1 }}';
  const enc = encodeTrees(parse('f', text, { funcs }), text)!;
  assert.equal(decodeTrees(JSON.parse(enc), 'f', text, [BUILTIN_NAMES]), undefined);
  assert.ok(decodeTrees(JSON.parse(enc), 'f', text, funcs) !== undefined);
  assert.equal(decodeTrees({ not: 'trees' }, 'f', text, funcs), undefined);
});

test('every corpus template reads back as parsed', () => {
  let n = 0;
  let apart = 0;
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir)) {
      const p = join(dir, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\/templates\/.*\.(yaml|yml|tpl|txt)$/.test(p)) {
        const text = readFileSync(p, 'utf8');
        let ok = true;
        try {
          parse(p, text, { funcs: FUNCS });
        } catch {
          ok = false; // a file helm would refuse too (or not a template): nothing to cache
        }
        if (!ok) continue;
        roundTrip(p, text);
        apart += roundTripApart(p, text);
        n++;
      }
    }
  };
  walk(CORPUS_DIR);
  assert.ok(n > 1000, `only ${n} templates`);
  assert.ok(apart > 1000, `only ${apart} bodies kept apart`);
});

test('a body kept apart gives way to a plain list in its branch once read', () => {
  const line = '  k: {{ .Values.k | quote }}\n';
  const text = `{{ range $i, $v := .L }}${line.repeat(40)}{{ else }}${line.repeat(40)}{{ end }}`;
  const tree = parse('swap', text, { funcs: FUNCS }).get('swap')!;
  const enc = encodeRoot(tree, text)!;
  const noReparse = (): Node[] => assert.fail('a body did not decode');
  const back = decodeRoot(enc.root, text, FUNCS, { data: enc.apart, at: 0, reparse: noReparse });
  const range = back.nodes[0] as BranchNode;
  const isPlain = (l: ListNode): boolean => Object.getOwnPropertyDescriptor(l, 'nodes')?.value !== undefined;
  assert.ok(!isPlain(range.list) && !isPlain(range.elseList!), 'both bodies kept apart');
  const apart = range.list;
  const nodes = apart.nodes;
  assert.ok(isPlain(range.list) && range.list !== apart, 'the branch holds a plain list');
  assert.equal(range.list.nodes, nodes, 'the same nodes, decoded once');
  assert.equal(range.list.pos, apart.pos);
  assert.ok(!isPlain(range.elseList!), 'the else body is still unread');
  assert.deepStrictEqual(plainTree(back), plainTree(tree.root));
  assert.ok(isPlain(range.elseList!));
});
