// Rendering changes of Helm 4.3, compared with the real helm v4.3.2: .Files.Lines of an empty
// file is an empty list (4.2 failed with "index out of range [-1]"), and a values file whose last
// line is unterminated and exactly 4096 bytes long keeps that line (4.2's LoadValues lost it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, runHelm, runRudder } from '../cli/support.js';

function chart(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'rh43-'));
  mkdirSync(join(d, 'templates'));
  writeFileSync(join(d, 'Chart.yaml'), 'apiVersion: v2\nname: h43\nversion: 0.1.0\n');
  for (const [n, t] of Object.entries(files)) writeFileSync(join(d, n), t);
  return d;
}

function same(args: string[]): string {
  const env = cleanEnv();
  const h = runHelm(args, env);
  const r = runRudder(args, env);
  assert.equal(r.stderr, h.stderr, `${args.join(' ')}: stderr`);
  assert.equal(r.stdout, h.stdout, `${args.join(' ')}: stdout`);
  assert.equal(r.code, h.code, `${args.join(' ')}: exit code`);
  return h.stdout;
}

test('.Files.Lines of an empty file is an empty list', () => {
  const dir = chart({
    'empty.txt': '',
    'nl.txt': '\n',
    'two.txt': 'a\nb',
    'templates/x.yaml':
      'n: {{ len (.Files.Lines "empty.txt") }} {{ len (.Files.Lines "nl.txt") }} {{ len (.Files.Lines "two.txt") }} {{ len (.Files.Lines "missing") }}\n' +
      'l: {{ .Files.Lines "empty.txt" | toJson }} {{ range .Files.Lines "empty.txt" }}never{{ end }}\n',
  });
  assert.match(same(['template', dir]), /n: 0 1 2 0\nl: \[\]\n/);
});

test('a values file ending in an unterminated line of 4096 bytes keeps that line', () => {
  const last = `b: ${'x'.repeat(4096 - 3)}`;
  const dir = chart({
    'values.yaml': `a: 1\n${last}`,
    'templates/x.yaml':
      'b: {{ .Values.b | default "lost" | len }}\nc: {{ .Values.c | default "lost" | len }}\n',
  });
  const file = join(dir, 'extra.yaml');
  writeFileSync(file, `c: ${'y'.repeat(8192 - 3)}`);
  assert.match(same(['template', dir]), /b: 4093\nc: 4\n/);
  assert.match(same(['template', dir, '-f', file]), /b: 4093\nc: 8189\n/);
});
