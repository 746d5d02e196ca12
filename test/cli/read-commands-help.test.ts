// list, history, status and get without a cluster: help texts, argument and flag errors, and shell
// completion, compared with helm v4.3.2 byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanEnv, runHelm, runRudder } from './support.js';

const CASES: string[][] = [];
for (const c of [
  ['list'],
  ['ls'],
  ['history'],
  ['hist'],
  ['status'],
  ['get'],
  ['get', 'all'],
  ['get', 'values'],
  ['get', 'manifest'],
  ['get', 'hooks'],
  ['get', 'notes'],
  ['get', 'metadata'],
]) {
  CASES.push([...c, '--help'], ['help', ...c]);
}
CASES.push(
  ['history'],
  ['history', 'a', 'b'],
  ['status'],
  ['get', 'all'],
  ['get', 'values', 'a', 'b'],
  ['get', 'metadata'],
  ['get', 'nope'],
  ['get', 'values', 'x', '--revision', 'two'],
  ['get', 'values', 'x', '-o', 'xml'],
  ['list', 'x'],
  ['list', '-m', 'ten'],
  ['list', '--offset'],
  ['list', '-o'],
  ['list', '--deployed=maybe'],
  ['status', 'x', '--show-desc'],
  ['history', 'x', '--max', '1.5'],
  ['__complete', 'list', '-o', ''],
  ['__complete', 'list', '--output', 'y'],
  ['__complete', 'status', 'x', '-o='],
  ['__completeNoDesc', 'get', 'metadata', 'x', '-o', ''],
  ['__complete', 'get', ''],
  ['__complete', 'get', 'v'],
  ['__complete', 'list', '--'],
  ['__complete', 'list', '-'],
  ['__complete', 'history', '--m'],
  ['__complete', 'get', 'values', '-'],
  ['__complete', 'list', ''],
  ['__complete', 'status', 'x', ''],
);

test('help, argument errors and completion of the read commands match helm', () => {
  const env = cleanEnv();
  const diffs: string[] = [];
  for (const args of CASES) {
    const h = runHelm(args, env);
    const r = runRudder(args, env);
    if (h.stdout !== r.stdout || h.stderr !== r.stderr || h.code !== r.code)
      diffs.push(
        `${args.join(' ')}\n--- helm (${h.code})\n${h.stdout}${h.stderr}\n--- rudder (${r.code})\n${r.stdout}${r.stderr}`,
      );
  }
  assert.ok(CASES.length > 50);
  assert.deepEqual(diffs, [], diffs.join('\n\n'));
});
