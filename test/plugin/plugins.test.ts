// Helm 4 plugins run as subprocesses: plugin.yaml loading and its errors, `plugin list`,
// `install` from a directory, `uninstall`, `update`, cli/v1 plugins as commands with Helm's
// environment, and postrenderer/v1 plugins through `template --post-renderer`. Every case runs
// real helm v4.3.2 and rudder on the same small shell-script plugins and compares the results.
import assert from 'node:assert/strict';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cleanEnv, repoRoot, runHelm, runRudder, type RunResult } from '../cli/support.js';

const hello = join(repoRoot, 'examples', 'hello');
const corpus = join(repoRoot, '..', 'shared', 'corpus');
const statsd = join(corpus, 'prometheus-community', 'helm-charts', 'prometheus-statsd-exporter');

/** Writes `<root>/<dir>/plugin.yaml` (and extra files); returns the plugin directory. */
function plugin(root: string, dir: string, yaml: string, files: Record<string, string> = {}): string {
  const d = join(root, dir);
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'plugin.yaml'), yaml);
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(d, name), text);
    chmodSync(join(d, name), 0o755);
  }
  return d;
}

const v1 = (name: string, type: string, runtimeConfig: string, config = ''): string =>
  `apiVersion: v1\nname: ${name}\ntype: ${type}\nruntime: subprocess\nversion: 1.0.0\n${config}runtimeConfig:\n${runtimeConfig}`;

/** HELM_BIN differs by nature (each tool points at itself); everything else must match. */
const norm = (r: RunResult): RunResult => ({
  stdout: r.stdout.replace(/^HELM_BIN=.*$/m, 'HELM_BIN=<bin>'),
  stderr: r.stderr,
  code: r.code,
});

function both(args: string[], env: Record<string, string>): { helm: RunResult; rudder: RunResult } {
  return { helm: norm(runHelm(args, env)), rudder: norm(runRudder(args, env)) };
}

function same(args: string[], env: Record<string, string>): RunResult {
  const { helm, rudder } = both(args, env);
  assert.deepEqual(rudder, helm);
  return helm;
}

function workspace(): { root: string; plugins: string; env: Record<string, string> } {
  const root = mkdtempSync(join(tmpdir(), 'rplug-'));
  const plugins = join(root, 'plugins');
  mkdirSync(plugins);
  return { root, plugins, env: cleanEnv({ HELM_PLUGINS: plugins }) };
}

const echoArgs = `  platformCommand:\n    - command: sh\n      args: ["-c", 'echo "name=$HELM_PLUGIN_NAME args:$0 $*"', "first"]\n`;

test('plugin list: v1 and legacy plugins, --type, sources and provenance', () => {
  const w = workspace();
  plugin(w.plugins, 'a-cli', v1('acli', 'cli/v1', echoArgs, 'sourceURL: https://example.com/acli\n'));
  plugin(w.plugins, 'legacy', 'name: legacy\nversion: 0.2.0\nusage: a legacy plugin\ncommand: echo hi\n');
  plugin(
    w.plugins,
    'getter',
    'name: getter\nversion: 0.1.0\ndownloaders:\n  - command: get.sh\n    protocols: [s3, gs]\n',
  );
  plugin(w.plugins, 'pr', v1('pr', 'postrenderer/v1', '  platformCommand:\n    - command: cat\n'));
  const all = same(['plugin', 'list'], w.env);
  assert.match(all.stdout, /^NAME\s+VERSION\s+TYPE\s+APIVERSION\s+PROVENANCE\s+SOURCE/);
  assert.match(all.stdout, /getter\s+0\.1\.0\s+getter\/v1\s+legacy/);
  assert.equal(same(['plugin', 'list', '--type', 'postrenderer/v1'], w.env).stdout.split('\n').length, 3);
  same(['plugin', 'ls', '--type', 'cli/v1'], w.env);
  same(['plugin', 'list', '--type', 'nothing/v9'], w.env);
});

const badPlugins: [string, string][] = [
  [
    'unknown top-level field',
    'apiVersion: v1\nname: x\ntype: cli/v1\nruntime: subprocess\nversion: 1.0.0\ndescription: no\nusage: no\n',
  ],
  ['invalid name (v1)', v1('bad.name', 'cli/v1', echoArgs)],
  ['missing version', 'apiVersion: v1\nname: x\ntype: cli/v1\nruntime: subprocess\n'],
  [
    'version not strict semver',
    'apiVersion: v1\nname: x\ntype: cli/v1\nruntime: subprocess\nversion: v1.0\n',
  ],
  ['unknown apiVersion', 'apiVersion: v2\nname: x\n'],
  ['missing type', 'apiVersion: v1\nname: x\nruntime: subprocess\nversion: 1.0.0\n'],
  ['missing runtime', 'apiVersion: v1\nname: x\ntype: cli/v1\nversion: 1.0.0\n'],
  ['unknown type', 'apiVersion: v1\nname: x\ntype: nope/v1\nruntime: subprocess\nversion: 1.0.0\n'],
  ['unknown runtime', 'apiVersion: v1\nname: x\ntype: cli/v1\nruntime: docker\nversion: 1.0.0\n'],
  ['unknown config key', v1('x', 'cli/v1', echoArgs, 'config:\n  shortHelp: s\n  colour: red\n')],
  ['config on a post-renderer', v1('x', 'postrenderer/v1', echoArgs, 'config:\n  usage: u\n')],
  ['getter without protocols', v1('x', 'getter/v1', echoArgs, 'config:\n  protocols: []\n')],
  ['legacy invalid name', 'name: "a b"\nversion: 1.0.0\ncommand: x\n'],
  ['legacy bad version', 'name: x\nversion: "1.0"\ncommand: x\n'],
  ['legacy command and platformCommand', 'name: x\ncommand: a\nplatformCommand:\n  - command: b\n'],
  [
    'legacy hooks and platformHooks',
    'name: x\nhooks:\n  install: a\nplatformHooks:\n  install:\n    - command: b\n',
  ],
  ['legacy downloader without command', 'name: x\ndownloaders:\n  - protocols: [s3]\n'],
  ['legacy downloader without protocols', 'name: x\ndownloaders:\n  - command: a\n'],
  [
    'legacy downloader with an empty protocol',
    'name: x\ndownloaders:\n  - command: a\n    protocols: [s3, ""]\n',
  ],
];

for (const [what, yaml] of badPlugins) {
  test(`a malformed plugin.yaml is skipped with Helm's warning: ${what}`, () => {
    const w = workspace();
    plugin(w.plugins, 'bad', yaml);
    plugin(w.plugins, 'good', v1('good', 'cli/v1', echoArgs));
    const r = same(['plugin', 'list'], w.env);
    assert.match(r.stderr, /level=WARN msg="failed to load plugin \(ignoring\)"/);
    assert.match(r.stdout, /^good\t/m);
  });
}

test('two plugins with the same name: plugin list fails as helm does', () => {
  const w = workspace();
  plugin(w.plugins, 'one', v1('twin', 'cli/v1', echoArgs));
  plugin(w.plugins, 'two', v1('twin', 'cli/v1', echoArgs));
  const r = same(['plugin', 'list'], w.env);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /two plugins claim the name "twin"/);
});

test('cli/v1 plugin: Helm environment, global flags read, other flags passed on', () => {
  const w = workspace();
  plugin(
    w.plugins,
    'envy',
    v1(
      'envy',
      'cli/v1',
      `  platformCommand:\n    - command: sh\n      args: ["-c", 'echo "args:$*"; env | grep -E "^HELM_" | sort', "--"]\n`,
      'config:\n  shortHelp: prints its environment\n',
    ),
  );
  const r = same(['envy', '--foo', 'bar', '-n', 'team', '--kube-context=ctx', '--debug', 'x'], w.env);
  assert.match(r.stdout, /^HELM_NAMESPACE=team$/m);
  assert.match(r.stdout, /^HELM_KUBECONTEXT=ctx$/m);
  assert.match(r.stdout, /^HELM_DEBUG=true$/m);
  assert.match(r.stdout, /^HELM_PLUGIN_NAME=envy$/m);
  assert.match(r.stdout, new RegExp(`^HELM_PLUGIN_DIR=${w.plugins}/envy$`, 'm'));
  // rudder's HELM_BIN runs rudder itself
  const bin = runRudder(['envy'], w.env).stdout.match(/^HELM_BIN=(.*)$/m)?.[1];
  assert.ok(bin && bin.endsWith('/bin/helm'), bin); // 'rudder' is normalised to 'helm'
  same(['envy'], { ...w.env, HELM_NAMESPACE: 'fromenv', HELM_MAX_HISTORY: '3' });
});

test('cli/v1 plugin: ignoreFlags, $HELM_PLUGIN_DIR in the command, platform choice, help listing', () => {
  const w = workspace();
  plugin(w.plugins, 'quiet', v1('quiet', 'cli/v1', echoArgs, 'config:\n  ignoreFlags: true\n'));
  plugin(
    w.plugins,
    'script',
    v1(
      'script',
      'cli/v1',
      `  platformCommand:\n    - os: windows\n      command: nope.exe\n    - os: linux\n      arch: nonesuch\n      command: nope\n    - os: linux\n      command: $HELM_PLUGIN_DIR/run.sh\n      args: ["\${HELM_PLUGIN_NAME}"]\n    - command: nope\n`,
      'config:\n  usage: script [things]\n  shortHelp: runs a script\n  longHelp: a longer story\n',
    ),
    { 'run.sh': '#!/bin/sh\necho "script says: $*"\n' },
  );
  plugin(
    w.plugins,
    'legacy',
    'name: legacy\nversion: 0.1.0\nusage: "legacy\\tusage"\ncommand: "echo legacy $HELM_PLUGIN_NAME"\n',
  );
  // $0 and $* in plugin.yaml are expanded (to nothing) by Helm before the shell sees them
  assert.equal(same(['quiet', '--flag', 'a', 'b'], w.env).stdout, 'name=quiet args: \n');
  assert.match(same(['script', 'one', '--two'], w.env).stdout, /script says: script one --two/);
  assert.match(same(['legacy', 'z'], w.env).stdout, /legacy legacy z/);
  // Helm lists commands Rudder does not have yet (push, registry, verify): compare plugin lines.
  const pluginLines = (r: RunResult): string[] =>
    r.stdout.split('\n').filter((l) => /^ {2}(quiet|script|legacy) /.test(l));
  const help = both(['--help'], w.env);
  assert.deepEqual(pluginLines(help.rudder), pluginLines(help.helm));
  assert.ok(pluginLines(help.helm).includes('  script      runs a script'));
  same(['help', 'script'], w.env);
});

test('cli/v1 plugin: exit codes, a missing program, HELM_NO_PLUGINS, name conflicts', () => {
  const w = workspace();
  plugin(
    w.plugins,
    'fail',
    v1(
      'fail',
      'cli/v1',
      `  platformCommand:\n    - command: sh\n      args: ["-c", "echo out; echo err >&2; exit 3"]\n`,
    ),
  );
  plugin(
    w.plugins,
    'missing',
    v1('missing', 'cli/v1', `  platformCommand:\n    - command: no-such-program-here\n`),
  );
  plugin(
    w.plugins,
    'nocmd',
    v1('nocmd', 'cli/v1', `  platformCommand:\n    - os: plan9\n      command: x\n`),
  );
  const r = same(['fail'], w.env);
  assert.equal(r.code, 3);
  assert.match(r.stderr, /Error: plugin "fail" exited with error/);
  assert.notEqual(same(['missing'], w.env).code, 0);
  assert.match(same(['nocmd'], w.env).stderr, /no plugin command is applicable/);
  assert.equal(same(['fail'], { ...w.env, HELM_NO_PLUGINS: '1' }).code, 1);

  const c = workspace();
  plugin(c.plugins, 'a', v1('aaa', 'cli/v1', echoArgs));
  plugin(c.plugins, 'b', v1('list', 'cli/v1', echoArgs));
  plugin(c.plugins, 'c', v1('zzz', 'cli/v1', echoArgs));
  const conflict = same(['zzz'], c.env);
  assert.match(conflict.stderr, /name conflicts/);
  assert.equal(conflict.code, 1); // loading stopped at the conflict: zzz is unknown
  assert.match(same(['aaa'], c.env).stdout, /name=aaa/);
});

test('plugin install from a directory, with its install hook; uninstall with its delete hook', () => {
  const src = mkdtempSync(join(tmpdir(), 'rplug-src-'));
  const dir = plugin(
    src,
    'hooked',
    `name: hooked\nversion: 0.3.0\nusage: hooked\ncommand: echo run\nhooks:\n  install: echo "installing $HELM_PLUGIN_NAME"\n  delete: echo "deleting $HELM_PLUGIN_NAME"\n`,
  );
  const bad = plugin(src, 'broken', 'apiVersion: v1\nname: broken\n');
  const empty = join(src, 'empty');
  mkdirSync(empty);
  for (const tool of ['helm', 'rudder'] as const) {
    const env = cleanEnv();
    const run = tool === 'helm' ? runHelm : runRudder;
    const res = (args: string[]): RunResult => run(args, env);
    const installed = res(['plugin', 'install', dir]);
    assert.equal(
      installed.stdout,
      'Installing plugin from local directory (development mode)\ninstalling hooked\nInstalled plugin: hooked\n',
      tool,
    );
    const dataDir = join(env.HOME!, '.local', 'share', 'helm', 'plugins', 'hooked');
    assert.ok(lstatSync(dataDir).isSymbolicLink(), tool);
    assert.match(
      res(['plugin', 'list']).stdout,
      /hooked\s+0\.3\.0\s+cli\/v1\s+legacy\s+local dev\s+unknown/,
      tool,
    );
    assert.equal(res(['hooked']).stdout, 'run\n', tool);
    const again = res(['plugin', 'install', dir]);
    assert.equal(again.code, 1, tool);
    assert.match(again.stderr, /Error: plugin already exists/, tool);
    assert.match(
      res(['plugin', 'install', empty]).stderr,
      /Error: plugin metadata \(plugin\.yaml\) missing\n/,
      tool,
    );
    const unusable = res(['plugin', 'install', bad]);
    assert.match(
      unusable.stderr,
      /Error: plugin is installed but unusable: failed to load plugin ".*\/broken": plugin `version` is required\n/,
      tool,
    );
    // Helm leaves the unusable plugin linked in place; Rudder leaves nothing.
    assert.equal(
      existsSync(join(env.HOME!, '.local', 'share', 'helm', 'plugins', 'broken')),
      tool === 'helm',
    );
    assert.equal(
      res(['plugin', 'update', 'hooked']).stderr.includes(
        'failed to update plugin hooked, got error (cannot get information about plugin source)',
      ),
      true,
      tool,
    );
    const un = res(['plugin', 'uninstall', 'hooked', 'nope']);
    assert.equal(un.stdout, 'deleting hooked\nUninstalled plugin: hooked\n', tool);
    // (helm also warns about the unusable plugin it left in place)
    assert.equal(un.stderr.replace(/^level=WARN .*\n/gm, ''), 'Error: plugin: nope not found\n', tool);
    assert.equal(existsSync(dataDir), false, tool);
    assert.ok(existsSync(join(dir, 'plugin.yaml')), tool); // the source stays
  }
});

test('plugin install/uninstall/update errors read as helm', () => {
  const w = workspace();
  same(['plugin', 'install'], w.env);
  same(['plugin', 'uninstall'], w.env);
  same(['plugin', 'update'], w.env);
  same(['plugin', 'uninstall', 'a', 'b'], w.env);
  same(['plugin', 'update', 'nope'], w.env);
});

// --- post-renderers ---

const catPlugin = (root: string, name = 'cat'): string =>
  plugin(root, name, v1(name, 'postrenderer/v1', '  platformCommand:\n    - command: cat\n'));

test("template --post-renderer: an identity plugin gives helm's bytes (combined hooks and templates)", () => {
  const w = workspace();
  catPlugin(w.plugins);
  for (const chart of [hello, statsd]) {
    const r = same(['template', 'rel', chart, '--post-renderer', 'cat'], w.env);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /# Source: /);
    assert.doesNotMatch(r.stdout, /postrender-filename/);
  }
});

test('template --post-renderer: documents kept, rewritten and added by a plugin', () => {
  const w = workspace();
  const chart = join(w.root, 'chart');
  mkdirSync(join(chart, 'templates'), { recursive: true });
  writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: chart\nversion: 0.1.0\n');
  writeFileSync(
    join(chart, 'templates', 'cm.yaml'),
    `# head comment\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: one   # trailing\ndata:\n  a: "quoted"\n  b: 'single'\n  c: |\n    line1\n    line2\n  d:\n  e: [1, 2, 3]\n  f: {k: v}\n  g: 012\n  h: yes\n  list:\n    - a\n    - b\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: two\n  annotations:\n    keep: me\n`,
  );
  writeFileSync(join(chart, 'templates', '_helpers.tpl'), '{{- define "x" }}x{{ end }}\n');
  // yaml.v3's choices: blank lines dropped, block style refused for trailing spaces and empty
  // text, a clipped block at the end of a document without its line break.
  writeFileSync(
    join(chart, 'templates', 'styles.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: styles\n\ndata:\n  spaces: |\n    a  \n    b\n\n  empty: |\n  tab: "a\\tb\\nc"\n  last: |\n    end',
  );
  writeFileSync(
    join(chart, 'templates', 'hook.yaml'),
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: hook\n  annotations:\n    "helm.sh/hook": pre-install\nspec:\n  containers:\n  - name: c\n    image: busybox\n',
  );
  catPlugin(w.plugins);
  plugin(
    w.plugins,
    'label',
    v1(
      'label',
      'postrenderer/v1',
      `  platformCommand:\n    - command: sh\n      args: ["-c", 'sed "s/^  name: \\(two\\)/  name: \\1-x/"; printf -- "---\\napiVersion: v1\\nkind: Namespace\\nmetadata:\\n  name: added\\n"', "suffix"]\n`,
    ),
  );
  plugin(
    w.plugins,
    'args',
    v1('args', 'postrenderer/v1', `  platformCommand:\n    - command: \${HELM_PLUGIN_DIR}/run.sh\n`),
    {
      'run.sh': '#!/bin/sh\nsed "s/quoted/$1 $2/"\n',
    },
  );
  plugin(
    w.plugins,
    'empty',
    v1(
      'empty',
      'postrenderer/v1',
      `  platformCommand:\n    - command: sh\n      args: ["-c", 'cat >/dev/null; echo "  "']\n`,
    ),
  );
  plugin(
    w.plugins,
    'fails',
    v1(
      'fails',
      'postrenderer/v1',
      `  platformCommand:\n    - command: sh\n      args: ["-c", 'cat >/dev/null; echo oops >&2; exit 4']\n`,
    ),
  );
  plugin(
    w.plugins,
    'garbage',
    v1(
      'garbage',
      'postrenderer/v1',
      `  platformCommand:\n    - command: sh\n      args: ["-c", 'cat >/dev/null; printf "a: [\\n"']\n`,
    ),
  );
  plugin(w.plugins, 'acli', v1('acli', 'cli/v1', echoArgs));
  const identity = same(['template', 'r', chart, '--post-renderer', 'cat'], w.env);
  assert.match(identity.stdout, /name: one # trailing/);
  assert.match(identity.stdout, /list:\n {2}- a\n/);
  assert.match(identity.stdout, /name: styles\ndata:\n {2}spaces: "a {2}\\nb\\n"\n {2}empty: ""\n/);
  const labelled = same(['template', 'r', chart, '--post-renderer', 'label'], w.env);
  assert.match(labelled.stdout, /# Source: generated-by-postrender-\d+\.yaml\n/);
  assert.match(labelled.stdout, /name: two-x\n/);
  const withArgs = same(
    [
      'template',
      'r',
      chart,
      '--post-renderer',
      'args',
      '--post-renderer-args',
      'x y',
      '--post-renderer-args',
      'z',
    ],
    w.env,
  );
  assert.match(withArgs.stdout, /a: "x y z"/);
  same(['template', 'r', chart, '--post-renderer-args', 'z', '--post-renderer', 'args'], w.env);
  assert.match(
    same(['template', 'r', chart, '--post-renderer', 'empty'], w.env).stderr,
    /produced empty output/,
  );
  assert.equal(same(['template', 'r', chart, '--post-renderer', 'fails'], w.env).code, 1);
  // YAML syntax messages are yaml.v3's in helm and the yaml package's in rudder: the rest matches.
  const garbage = both(['template', 'r', chart, '--post-renderer', 'garbage'], w.env);
  assert.equal(garbage.rudder.code, 1);
  assert.equal(garbage.rudder.stdout, garbage.helm.stdout);
  const prefix = 'Error: error while parsing post rendered output: error parsing YAML: MalformedYAMLError: ';
  assert.ok(
    garbage.helm.stderr.startsWith(prefix) && garbage.rudder.stderr.startsWith(prefix),
    garbage.rudder.stderr,
  );
  assert.match(
    same(['template', 'r', chart, '--post-renderer', 'acli'], w.env).stderr,
    /plugin: \{Name:acli Type:postrenderer\/v1\} not found/,
  );
  same(['template', 'r', chart, '--post-renderer', '/usr/bin/cat'], w.env);
  same(['template', 'r', chart, '--post-renderer', 'cat', '--post-renderer', 'cat'], w.env);
  same(['template', 'r', chart, '--post-renderer', 'cat', '--show-only', 'templates/cm.yaml'], w.env);
});

test('a post-renderer receives the annotated, merged stream helm sends', () => {
  const w = workspace();
  const seen = join(w.root, 'seen');
  plugin(
    w.plugins,
    'tee',
    v1(
      'tee',
      'postrenderer/v1',
      `  platformCommand:\n    - command: sh\n      args: ["-c", 'tee "$SEEN"']\n`,
    ),
  );
  const env = { ...w.env, SEEN: seen };
  runHelm(['template', 'r', statsd, '--post-renderer', 'tee'], env);
  const helmSaw = readFileSync(seen, 'utf8');
  runRudder(['template', 'r', statsd, '--post-renderer', 'tee'], env);
  assert.equal(readFileSync(seen, 'utf8'), helmSaw);
  assert.match(
    helmSaw,
    /postrenderer\.helm\.sh\/postrender-filename: 'prometheus-statsd-exporter\/templates\//,
  );
});
