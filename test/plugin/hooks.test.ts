// Install hooks and `$VAR` in their arguments: helm expands them only for a legacy plugin's
// platformHooks (a v1 plugin's runtimeConfig never sets the unexported expandHookArgs, a legacy
// `hooks:` text runs as `sh -c TEXT`). Output and exit code compared with helm v4.3.2.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { cleanEnv, runHelm, runRudder } from '../cli/support.js';

const root = mkdtempSync(join(tmpdir(), 'rplug-hooks-'));
after(() => rmSync(root, { recursive: true, force: true }));

const hook = '        args: ["hook $HELM_PLUGIN_NAME ${HELM_PLUGIN_DIR:+dir}"]\n';
const sources: Record<string, string> = {
  v1:
    'apiVersion: v1\nname: v1hook\ntype: cli/v1\nruntime: subprocess\nversion: 0.1.0\nruntimeConfig:\n' +
    '  platformCommand:\n    - command: echo\n  platformHooks:\n    install:\n      - command: echo\n' +
    hook,
  legacy:
    'name: leghook\nversion: 0.1.0\ncommand: echo\nplatformHooks:\n  install:\n    - command: echo\n' +
    hook.slice(2),
  legacyText:
    'name: legtext\nversion: 0.1.0\ncommand: echo\nhooks:\n  install: echo "text $HELM_PLUGIN_NAME"\n',
};

test('install hooks: $VAR in arguments expanded only for legacy platformHooks, as helm', () => {
  for (const [dir, yaml] of Object.entries(sources)) {
    const src = join(root, dir);
    mkdirSync(src);
    writeFileSync(join(src, 'plugin.yaml'), yaml);
    const results = [runHelm, runRudder].map((run) => {
      const r = run(['plugin', 'install', src], cleanEnv());
      return { ...r, stdout: r.stdout.replaceAll(src, '<src>') };
    });
    assert.deepEqual(results[1], results[0], dir);
    assert.equal(results[0]!.code, 0, results[0]!.stderr);
  }
  const out = (dir: string): string => runRudder(['plugin', 'install', join(root, dir)], cleanEnv()).stdout;
  assert.match(out('v1'), /^hook \$HELM_PLUGIN_NAME \$\{HELM_PLUGIN_DIR:\+dir\}$/m);
  assert.match(out('legacyText'), /^text legtext$/m);
});
