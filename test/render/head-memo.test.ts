// A prepared chart's manifest heads kept by document text (src/render/head-memo.ts) read as
// parseHead does (which test/render/manifest-head.test.ts compares with helm v4.3.2): the same
// heads and errors, render after render, a copy per caller, and a bounded store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HeadMemo } from '../../src/render/head-memo.js';
import { parseHead, type SimpleHead } from '../../src/render/manifests.js';

const outcome = (f: () => SimpleHead): unknown => {
  try {
    return { head: f() };
  } catch (err) {
    return { error: (err as Error).message };
  }
};

const DOCS = [
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n',
  'apiVersion: v1\nkind: Secret\nmetadata:\n  name: b\n  annotations:\n    helm.sh/hook: pre-install\n    helm.sh/hook-weight: "-5"\n',
  'kind: 010\nmetadata:\n  name: on\n',
  'KIND: Pod\nMetadata:\n  Name: x\n  annotations: {a: 1.5}\n',
  'apiVersion: v1\nkind: Job\nmetadata:\n  annotations:\n    "__proto__": x\n    "1": y\n    b: ~\n',
  '# only a comment\n',
  '',
  'kind: [a]\n',
  'metadata: 5\n',
  'metadata:\n  annotations: [x]\n',
  '- a\n- b\n',
  'kind: "unterminated\n',
  'a: b: c\n',
];

test('heads kept by text are parseHead’s, render after render, in copies', () => {
  const memo = new HeadMemo();
  const want = DOCS.map((d) => outcome(() => parseHead(d)));
  const seen = new Set<SimpleHead>();
  for (let round = 0; round < 3; round++) {
    DOCS.forEach((d, i) => {
      // A new string each round, as each render makes its own texts.
      const doc = `${d}`.concat('');
      const got = outcome(() => memo.parse(doc));
      assert.deepEqual(got, want[i], `round ${round}: ${JSON.stringify(d)}`);
      if (got && typeof got === 'object' && 'head' in got) {
        const h = got.head as SimpleHead;
        assert.ok(!seen.has(h), 'a head object handed out twice');
        seen.add(h);
        // A caller changing its head must not change later ones.
        h.kind = 'Changed';
        if (h.metadata?.annotations) h.metadata.annotations['helm.sh/hook'] = 'changed';
      }
    });
  }
  // Only documents that parsed are kept.
  const parsed = want.filter((w) => w && typeof w === 'object' && 'head' in w).length;
  assert.equal(memo.size, parsed);
});

test('the store keeps at most its documents and text, least recently used out', () => {
  const memo = new HeadMemo(4, 200);
  const doc = (k: number): string => `apiVersion: v1\nkind: K${k}\nmetadata:\n  name: n${k}\n`;
  for (let k = 0; k < 10; k++) assert.equal(memo.parse(doc(k)).kind, `K${k}`);
  assert.equal(memo.size, 4);
  memo.parse(doc(6)); // used again: stays
  for (let k = 10; k < 13; k++) memo.parse(doc(k));
  assert.equal(memo.size, 4);
  assert.equal(memo.parse(doc(6)).kind, 'K6');
  // A document longer than all the text kept is read, not kept.
  const long = `apiVersion: v1\nkind: Long\nmetadata:\n  name: ${'x'.repeat(300)}\n`;
  assert.equal(memo.parse(long).kind, 'Long');
  assert.equal(memo.size, 4);
  // By text: 200 units hold two of these 88-unit documents.
  const big = new HeadMemo(100, 200);
  for (let k = 0; k < 10; k++) big.parse(`kind: K${k}\nmetadata:\n  name: ${'y'.repeat(60)}\n`);
  assert.equal(big.size, 2);
});
