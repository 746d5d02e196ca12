// compose.ts: a document composed in 200-level slices is the same node tree as the `yaml`
// package composes in one run. Seeded random documents nested 250–600 levels (past two or three
// cuts, within what the package's recursion holds on this stack), mixing block and flow
// collections, compact forms, anchors, aliases, merge keys, tags, quotes and comments.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isAlias, isMap, isPair, isScalar, isSeq, type Document } from 'yaml';
import { CHUNK, composeFirstDocument } from '../../src/yaml/compose.js';

function rng(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff;
    return s % n;
  };
}

const SCALARS = ['1', 'x', '"q"', "'s'", 'true', '~', '!!str 5', '0x1f', '""', 'a b'];

/** A random document of about `depth` levels: block collections outside, flow inside. */
function randomDoc(r: (n: number) => number, depth: number): string {
  let anchors = 0;
  const scalar = (): string => {
    if (anchors > 0 && r(8) === 0) return `*a${r(anchors)}`;
    return SCALARS[r(SCALARS.length)] as string;
  };
  const props = (): string => {
    const p = r(10);
    if (p === 0) return `&a${anchors++} `;
    if (p === 1) return r(2) === 0 ? '!!seq ' : '!!map ';
    return '';
  };
  const flow = (d: number): string => {
    if (d <= 0) return scalar();
    const child = flow(d - 1);
    const sib = r(3) === 0 ? `, ${scalar()}` : '';
    switch (r(3)) {
      case 0:
        return `${r(10) === 0 ? `&a${anchors++} ` : ''}[${child}${sib}]`;
      case 1:
        return `{k${r(3)}: ${child}${r(3) === 0 ? `, z: ${scalar()}` : ''}}`;
      default:
        return `[p: ${child}${sib}]`;
    }
  };
  const lines: string[] = [];
  // Block levels: each line opens one more level, indented one more column.
  const blockLevels = Math.floor(depth * (0.3 + r(5) / 10));
  for (let i = 0; i < blockLevels; i++) {
    const ind = ' '.repeat(i);
    if (r(4) === 0) lines.push(`${ind}s${i}: ${scalar()}`, ...(r(3) === 0 ? [`${ind}# c`] : []));
    const p = props();
    if (r(2) === 0) lines.push(`${ind}k${i}: ${p.includes('seq') ? '' : p}`);
    else lines.push(`${ind}${r(3) === 0 ? '<<: {m: 1}\n' + ind : ''}k${i}:`);
    if (r(6) === 0) lines.push(`${ind} - ${scalar()}`, `${ind} - ${flow(r(4))}`, `${ind} - `);
  }
  const ind = ' '.repeat(blockLevels);
  lines.push(`${ind}leaf: ${flow(depth - blockLevels)}`, `${ind}tail: ${scalar()}`);
  return `${lines.join('\n')}\n`;
}

/** Every node's kind, value, type, tag and anchor, in order, walked without recursion. */
function shape(doc: Document.Parsed | undefined): string {
  const out: string[] = [];
  const todo: unknown[] = [doc?.contents ?? null];
  while (todo.length > 0) {
    const n = todo.pop();
    if (n === null || n === undefined) out.push('null');
    else if (isPair(n)) todo.push(n.value, n.key);
    else if (isAlias(n)) out.push(`*${n.source}`);
    else if (isScalar(n)) out.push(`s(${String(n.value)}|${n.type}|${n.tag}|${n.anchor}|${n.range?.[0]})`);
    else if (isMap(n) || isSeq(n)) {
      out.push(`${isMap(n) ? 'm' : 'q'}(${n.items.length}|${n.tag}|${n.anchor}|${n.flow})`);
      for (let i = n.items.length - 1; i >= 0; i--) todo.push(n.items[i]);
    }
  }
  return out.join('\n');
}

test('documents composed in slices are the nodes the yaml package composes', () => {
  const r = rng(20261206);
  let cut = 0;
  for (let i = 0; i < 60; i++) {
    const text = randomDoc(r, CHUNK + 50 + r(350));
    const whole = composeFirstDocument(text, false);
    const sliced = composeFirstDocument(text, true);
    assert.equal(sliced?.errors.length, whole?.errors.length, text);
    assert.equal(shape(sliced), shape(whole));
    cut++;
  }
  assert.equal(cut, 60);
});
