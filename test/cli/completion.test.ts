// Rudder's shell completion scripts, run in the real shells: bash (the completion function called
// with COMP_WORDS set as bash sets them), zsh (an interactive zsh on a pseudo-terminal, <TAB>
// pressed, compadd watched) and fish (`complete -C`). PowerShell is not installed here, so its
// script is checked for its structure. Two programs answer: the real `rudder __complete`, and
// `rdfake`, which gives canned answers to try each directive bit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { completionScript } from '../../src/cli/completion.js';
import { repoRoot, rudderBundle } from './support.js';

const tmp = mkdtempSync(join(tmpdir(), 'rudder-completion-'));
const binDir = join(tmp, 'bin');
const work = join(tmp, 'work'); // the directory completions run in
mkdirSync(binDir);
mkdirSync(join(work, 'chart', 'sub'), { recursive: true });
mkdirSync(join(work, 'charts'));
for (const f of ['a.yaml', 'b.txt', 'notes.yml', 'chart/x.yaml']) writeFileSync(join(work, f), '');

symlinkSync(join(repoRoot, 'bin', 'rudder'), join(binDir, 'rudder'));
// rdfake logs its arguments (one a line) and prints $RDFAKE_ANSWER with escapes expanded.
const fakeLog = join(tmp, 'rdfake.log');
writeFileSync(
  join(binDir, 'rdfake'),
  '#!/bin/bash\nprintf \'%s\\n\' "$@" > "$RDFAKE_LOG"\nprintf \'%b\' "$RDFAKE_ANSWER"\n',
);
chmodSync(join(binDir, 'rdfake'), 0o755);

const PATH = [binDir, dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(':');
const baseEnv = (extra: Record<string, string> = {}): Record<string, string> => ({
  PATH,
  HOME: tmp,
  RDFAKE_LOG: fakeLog,
  RDFAKE_ANSWER: '',
  ...extra,
});

function generated(shell: string, extra: string[] = []): string {
  rudderBundle(); // builds dist/ once
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'rudder'), 'completion', shell, ...extra], {
    encoding: 'utf8',
    env: baseEnv(),
  });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

function saved(name: string, text: string): string {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
}

const scripts = {
  bash: saved('rudder.bash', generated('bash')),
  zsh: saved('rudder.zsh', generated('zsh')),
  fish: saved('rudder.fish', generated('fish')),
  fakeBash: saved('rdfake.bash', completionScript('bash', 'rdfake', true)),
  fakeZsh: saved('rdfake.zsh', completionScript('zsh', 'rdfake', true)),
  fakeFish: saved('rdfake.fish', completionScript('fish', 'rdfake', true)),
};

const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

// ---- bash ----

/** COMP_WORDS as bash fills it: split at blanks, `=` and `:` runs being words of their own. */
function bashWords(line: string): string[] {
  const words = line
    .trim()
    .split(/\s+/)
    .flatMap((w) => w.match(/[=:]+|[^=:]+/g) ?? []);
  if (/\s$/.test(line)) words.push('');
  return words;
}

interface BashResult {
  reply: string[];
  options: string[];
}

const BASH_RUNNER = `
source "$1"
compopt() { printf 'compopt %s\\n' "$*"; } # the builtin only works inside real completion
fn=$(complete -p "$2" | sed -E 's/.*-F ([^ ]+).*/\\1/')
COMP_LINE=$3
COMP_POINT=\${#COMP_LINE}
COMP_WORDS=("\${@:4}")
COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 ))
"$fn" "$2" "\${COMP_WORDS[COMP_CWORD]}" "\${COMP_WORDS[COMP_CWORD-1]}"
(( \${#COMPREPLY[@]} )) && printf 'reply %s\\n' "\${COMPREPLY[@]}"
exit 0
`;

function bash(script: string, line: string, extra: Record<string, string> = {}): BashResult {
  const prog = line.split(' ')[0]!;
  const r = spawnSync('bash', ['-c', BASH_RUNNER, 'bash', script, prog, line, ...bashWords(line)], {
    cwd: work,
    encoding: 'utf8',
    env: baseEnv(extra),
  });
  assert.equal(r.status, 0, `bash: ${r.stderr}`);
  assert.equal(r.stderr, '', `bash ${line}: stderr`);
  const lines = r.stdout.split('\n');
  return {
    reply: lines.filter((l) => l.startsWith('reply ')).map((l) => l.slice(6)),
    options: lines.filter((l) => l.startsWith('compopt ')).map((l) => l.slice(8)),
  };
}

const sorted = (xs: string[]): string[] => [...xs].sort();
const FILES = ['a.yaml', 'b.txt', 'chart', 'charts', 'notes.yml'];

test('bash: sub-commands and flags come from rudder __complete', () => {
  assert.deepEqual(bash(scripts.bash, 'rudder tem'), { reply: ['template'], options: [] });
  assert.deepEqual(bash(scripts.bash, 'rudder template --kube-v'), {
    reply: ['--kube-version'],
    options: [],
  });
  const all = bash(scripts.bash, 'rudder ').reply;
  for (const c of ['completion', 'env', 'help', 'template', 'version']) assert.ok(all.includes(c), c);
  assert.ok(
    all.every((c) => !c.includes('\t')),
    'bash shows no descriptions',
  );
  assert.ok(!all.includes('__complete'), 'hidden commands stay hidden');
});

test('bash: --color <TAB> gets no answer from rudder (as from helm), so file names are offered', () => {
  // Helm 4.3.2 rejects the empty --color value before completing and prints no directive;
  // a missing directive means "default", i.e. file completion.
  const r = bash(scripts.bash, 'rudder --color ');
  assert.deepEqual(sorted(r.reply), FILES);
  assert.deepEqual(r.options, ['-o filenames']);
});

test('bash: no-space, no-file-completion and words split at = and :', () => {
  const chart = bash(scripts.bash, 'rudder template x ');
  assert.deepEqual(chart.reply, ['oci://', 'https://', 'http://', 'file://', './', '/']);
  assert.deepEqual(chart.options, ['-o nospace']);
  // Bash made "oci" ":" of it; readline replaces only what follows the ":".
  assert.deepEqual(bash(scripts.bash, 'rudder template x oci:').reply, ['//']);
  // `version` takes no arguments: directive 4, so no file names either.
  assert.deepEqual(bash(scripts.bash, 'rudder version '), { reply: [], options: [] });
  // A flag value after "=": rudder gets "--kube-version=ch", bash gets the file names.
  const value = bash(scripts.bash, 'rudder template --kube-version=ch');
  assert.deepEqual(value, { reply: ['chart', 'charts'], options: ['-o filenames'] });
});

test('bash: the words reach the program glued back together, the current word last', () => {
  bash(scripts.fakeBash, 'rdfake sub --set=a:b ', { RDFAKE_ANSWER: ':4\n' });
  assert.equal(readFileSync(fakeLog, 'utf8'), '__complete\nsub\n--set=a:b\n\n');
  bash(scripts.fakeBash, 'rdfake --set=a:b', { RDFAKE_ANSWER: ':4\n' });
  assert.equal(readFileSync(fakeLog, 'utf8'), '__complete\n--set=a:b\n');
});

test('bash: every directive bit', () => {
  const run = (answer: string, line = 'rdfake '): BashResult =>
    bash(scripts.fakeBash, line, { RDFAKE_ANSWER: answer });
  assert.deepEqual(run('zeta\tlast\nalpha\tfirst\n:0\n'), { reply: ['zeta', 'alpha'], options: [] });
  assert.deepEqual(run('zeta\nalpha\n:32\n'), { reply: ['zeta', 'alpha'], options: ['-o nosort'] });
  assert.deepEqual(run('alpha\nbeta\n:4\n', 'rdfake b'), { reply: ['beta'], options: [] });
  assert.deepEqual(run('alpha\n:1\n'), { reply: [], options: [] }, 'error: nothing');
  assert.deepEqual(run(':4\n'), { reply: [], options: [] }, 'no file completion');
  assert.deepEqual(sorted(run(':0\n').reply), FILES, 'no candidates: files');
  assert.deepEqual(sorted(run('').reply), FILES, 'no directive: files');
  assert.deepEqual(run('a b\n:4\n').reply, ['a\\ b'], 'quoted for the command line');
  assert.deepEqual(run('_activeHelp_ a hint\nx\n:4\n').reply, ['x'], 'active help is no candidate');
  const ext = run('yaml\nyml\n:8\n');
  assert.deepEqual(sorted(ext.reply), ['a.yaml', 'chart', 'charts', 'notes.yml']);
  assert.deepEqual(ext.options, ['-o filenames']);
  assert.deepEqual(sorted(run('yaml\n:8\n', 'rdfake --file=chart/').reply), ['chart/sub', 'chart/x.yaml']);
  assert.deepEqual(sorted(run(':16\n').reply), ['chart', 'charts']);
  assert.deepEqual(run('chart\n:16\n').reply, ['sub'], 'directories inside the one given');
});

test('bash: BASH_COMP_DEBUG_FILE traces the request and the answer', () => {
  const log = join(tmp, 'bash-debug.log');
  bash(scripts.bash, 'rudder tem', { BASH_COMP_DEBUG_FILE: log });
  const text = readFileSync(log, 'utf8');
  assert.match(text, /^request: rudder __complete tem$/m);
  assert.match(text, /^directive 4, answer: template\tlocally render templates$/m);
  assert.match(text, /^offered: template$/m);
});

// ---- zsh ----

// Starts an interactive zsh on a pseudo-terminal, loads compinit and the script, wraps compadd
// to log its arguments, descriptions and matches, then types each line followed by <TAB>.
const ZSH_DRIVER = `
zmodload zsh/zpty || exit 3
script=$1 prog=$2 fn=_$2 out=$3
shift 3
zpty z zsh -f -i
zpty -w z "PS1='%% '; autoload -Uz compinit; compinit -u -D; source \${(q)script}; out=\${(q)out}"
zpty -w z 'compadd() {
  local -a m; local i n
  builtin compadd -O m "$@"
  print -r -- "args \${(j: :)\${(@q-)@}}" >>$out
  for (( i = 1; i < $#; i++ )); do
    [[ \${@[i]} == -d ]] && n=\${@[i+1]} && print -rl -- "\${(@)\${(P)n}/#/desc }" >>$out
  done
  (( $#m )) && print -rl -- "\${(@)m/#/match }" >>$out
  builtin compadd "$@"
}'
zpty -w z "_probe() { $fn \\"\\$@\\"; local r=\\$?; print -r -- END >>\\$out; return r }; compdef _probe $prog"
integer n=0 i
for line in "$@"; do
  n+=1
  zpty -w z "print -r -- \${(q)\${:-== $line}} >>\\$out"
  zpty -w -n z "$line"$'\\t'
  for (( i = 0; i < 300; i++ )); do
    (( $(grep -c '^END$' $out 2>/dev/null) >= n )) && break
    sleep 0.05
  done
  zpty -w -n z $'\\C-u'
done
zpty -d z
`;

interface ZshResult {
  matches: string[];
  descriptions: string[];
  args: string[];
}

function zsh(script: string, lines: string[], extra: Record<string, string> = {}): ZshResult[] {
  const out = join(tmp, `zsh-${Math.random().toString(36).slice(2)}.log`);
  writeFileSync(out, '');
  const prog = lines[0]!.split(' ')[0]!;
  const r = spawnSync('zsh', ['-f', '-c', ZSH_DRIVER, 'zsh', script, prog, out, ...lines], {
    cwd: work,
    encoding: 'utf8',
    env: baseEnv({ TERM: 'dumb', ...extra }),
    timeout: 60_000,
  });
  assert.equal(r.status, 0, `zsh: ${r.stderr}`);
  const sections = readFileSync(out, 'utf8')
    .split(/^== .*\n/m)
    .slice(1);
  assert.equal(sections.length, lines.length, 'one section per line');
  return sections.map((s, i) => {
    const ls = s.split('\n');
    assert.ok(ls.includes('END'), `zsh completed "${lines[i]}"`);
    const pick = (p: string): string[] => ls.filter((l) => l.startsWith(p)).map((l) => l.slice(p.length));
    return { matches: [...new Set(pick('match '))], descriptions: pick('desc '), args: pick('args ') };
  });
}

test(
  'zsh: commands with descriptions, flags, no-space, no-file-completion, file fallback',
  { timeout: 120_000 },
  () => {
    assert.ok(has('zsh'), 'zsh is installed (apt-get install zsh)');
    const [tem, all, flag, chart, version, color, value] = zsh(scripts.zsh, [
      'rudder tem',
      'rudder ',
      'rudder template --kube-v',
      'rudder template x ',
      'rudder version ',
      'rudder --color ',
      'rudder template --kube-version=ch',
    ]);
    assert.deepEqual(tem!.matches, ['template']);
    assert.ok(
      tem!.descriptions.some((d) => d.includes('locally render templates')),
      'description shown',
    );
    // Every command rudder offers (asked of the program itself), as zsh shows them.
    const offered = spawnSync(process.execPath, [join(repoRoot, 'bin', 'rudder'), '__completeNoDesc', ''], {
      encoding: 'utf8',
    })
      .stdout.split('\n')
      .filter((l) => l !== '' && !l.startsWith(':'));
    assert.ok(offered.includes('template') && offered.includes('version'));
    assert.deepEqual(sorted(all!.matches), sorted(offered));
    assert.deepEqual(flag!.matches, ['--kube-version']);
    assert.deepEqual(sorted(chart!.matches), sorted(['oci://', 'https://', 'http://', 'file://', './', '/']));
    assert.ok(
      chart!.args.some((a) => a.includes("-S ''")),
      'no space after a URL prefix',
    );
    assert.deepEqual(version!, { matches: [], descriptions: [], args: [] }, 'no file names for version');
    assert.deepEqual(sorted(color!.matches), FILES);
    assert.deepEqual(sorted(value!.matches), ['chart', 'charts']);
  },
);

test('zsh: extension and directory filters, errors, debug file', { timeout: 120_000 }, () => {
  const log = join(tmp, 'zsh-debug.log');
  const answers: [string, string][] = [
    ['rdfake x ', 'yaml\nyml\n:8\n'],
    ['rdfake y ', ':16\n'],
    ['rdfake z ', 'chart\n:16\n'],
    ['rdfake e ', 'alpha\n:1\n'],
    ['rdfake n ', ':4\n'],
    ['rdfake --opt=b', 'beta\tsecond\nbravo\n:4\n'],
  ];
  // rdfake picks its answer by the first word: the answers travel in one environment.
  const dispatch = answers.map(
    ([line, a]) => `${line.split(' ')[1]!.split('=')[0]}) printf '%b' ${JSON.stringify(a)} ;;`,
  );
  writeFileSync(
    join(binDir, 'rdfake-zsh'),
    `#!/bin/bash\nprintf '%s\\n' "$@" >> "$RDFAKE_LOG"\ncase "\${2%%=*}" in\n${dispatch.join('\n')}\nesac\n`,
  );
  chmodSync(join(binDir, 'rdfake-zsh'), 0o755);
  const script = saved('rdfake-zsh.zsh', completionScript('zsh', 'rdfake-zsh', true));
  const lines = answers.map(([line]) => line.replace('rdfake', 'rdfake-zsh'));
  const [ext, dirs, inside, error, nofile, flag] = zsh(script, lines, { BASH_COMP_DEBUG_FILE: log });
  assert.deepEqual(sorted(ext!.matches), ['a.yaml', 'chart', 'charts', 'notes.yml']);
  assert.deepEqual(sorted(dirs!.matches), ['chart', 'charts']);
  assert.deepEqual(inside!.matches, ['sub']);
  assert.deepEqual(error!.matches, []);
  assert.deepEqual(nofile!.matches, []);
  assert.deepEqual(
    sorted(flag!.matches),
    ['beta', 'bravo'],
    'values after --opt= (compset moved the prefix)',
  );
  assert.ok(flag!.descriptions.some((d) => d.includes('second')));
  const text = readFileSync(log, 'utf8');
  assert.match(text, /^request: rdfake-zsh __complete 'x' ''$/m);
  assert.match(text, /^directive 8, answer: yaml, yml$/m);
});

// ---- fish ----

function fish(script: string, lines: string[], extra: Record<string, string> = {}): string[][] {
  const body = lines.map((l) => `echo '=='; complete -C ${JSON.stringify(l)}`).join('; ');
  const r = spawnSync('fish', ['--no-config', '-c', `source ${JSON.stringify(script)}; ${body}`], {
    cwd: work,
    encoding: 'utf8',
    env: baseEnv(extra),
    input: '',
  });
  assert.equal(r.status, 0, `fish: ${r.stderr}`);
  assert.equal(r.stderr, '');
  return r.stdout
    .split(/^==\n/m)
    .slice(1)
    .map((s) => s.split('\n').filter((l) => l !== ''));
}

test('fish: descriptions, flag values, files, and every directive bit', () => {
  assert.ok(has('fish'), 'fish is installed (apt-get install fish)');
  const [tem, flag, color, value] = fish(scripts.fish, [
    'rudder tem',
    'rudder template --kube-v',
    'rudder --color ',
    'rudder template --kube-version=ch',
  ]);
  assert.deepEqual(tem, ['template\tlocally render templates']);
  assert.deepEqual(flag, ['--kube-version\tKubernetes version used for Capabilities.KubeVersion']);
  assert.deepEqual(color, ['a.yaml', 'b.txt', 'chart/', 'charts/', 'notes.yml']);
  assert.deepEqual(value, ['--kube-version=chart/', '--kube-version=charts/']);

  const one = (answer: string, line = 'rdfake '): string[] =>
    fish(scripts.fakeFish, [line], { RDFAKE_ANSWER: answer })[0]!;
  assert.deepEqual(one('zeta\tlast\nalpha\tfirst\n:4\n'), ['alpha\tfirst', 'zeta\tlast'], 'sorted');
  assert.deepEqual(one('zeta\nalpha\n:36\n'), ['zeta', 'alpha'], 'order kept');
  assert.deepEqual(one('alpha\n:1\n'), [], 'error');
  assert.deepEqual(one(':4\n'), [], 'no file completion');
  assert.deepEqual(one(':0\n'), ['a.yaml', 'b.txt', 'chart/', 'charts/', 'notes.yml'], 'file fallback');
  assert.deepEqual(one('oci\n:6\n'), ['oci', 'oci.'], 'no space: a longer twin');
  assert.deepEqual(one('oci://\n:6\n'), ['oci://'], 'no twin needed after /');
  assert.deepEqual(one('yaml\nyml\n:8\n'), ['a.yaml', 'chart/', 'charts/', 'notes.yml']);
  assert.deepEqual(one(':16\n'), ['chart/', 'charts/']);
  assert.deepEqual(one('chart\n:16\n'), ['sub/']);
  assert.deepEqual(one('always\tyes\n:4\n', 'rdfake --opt='), ['--opt=always\tyes']);
  assert.equal(readFileSync(fakeLog, 'utf8'), '__complete\n--opt=\n');

  const log = join(tmp, 'fish-debug.log');
  fish(scripts.fish, ['rudder tem'], { BASH_COMP_DEBUG_FILE: log });
  assert.match(readFileSync(log, 'utf8'), /^request: rudder __complete tem$/m);
});

// ---- every script ----

test('powershell: registers a native completer that speaks the __complete protocol', () => {
  const ps = generated('powershell');
  assert.match(ps, /^Register-ArgumentCompleter -Native -CommandName 'rudder' -ScriptBlock \{$/m);
  assert.match(ps, /\$answer = @\(& \$prog '__complete' @rest \$word 2>\$null\)/);
  assert.match(ps, /\$answer\[-1\] -match '\^:\(\\d\+\)\$'/);
  for (const bit of [1, 2, 4, 8, 16, 32])
    assert.match(ps, new RegExp(`\\$directive -band ${bit}\\b`), `bit ${bit}`);
  assert.match(ps, /CompletionResult\]::new\(\$text \+ \$space, \$c\.Value, 'ParameterValue', \$tip\)/);
  assert.match(ps, /\$env:BASH_COMP_DEBUG_FILE/);
  assert.match(generated('powershell', ['--no-descriptions']), /& \$prog '__completeNoDesc'/);
});

test('every script is Rudder’s own, names the program and honours --no-descriptions', () => {
  for (const shell of ['bash', 'zsh', 'fish', 'powershell']) {
    const text = generated(shell);
    assert.match(text, /^#.*Rudder's .* completion for rudder\./m, shell);
    assert.match(text, /`rudder __complete` for candidates, the protocol Helm's \(cobra's\)/, shell);
    assert.ok(!text.includes('{{'), `${shell}: no placeholder left`);
    // Nothing of cobra's generated scripts: none of its function names or helpers.
    for (const cobra of [
      'get_completion_results',
      'perform_completion',
      'ShellCompDirective',
      '_get_comp_words_by_ref',
      'escapeStringWithSpecialChars',
      'requestComp',
    ]) {
      assert.ok(!text.includes(cobra), `${shell}: ${cobra}`);
    }
    const noDesc = generated(shell, ['--no-descriptions']);
    assert.ok(noDesc.includes('rudder __completeNoDesc') || noDesc.includes("'__completeNoDesc'"), shell);
    assert.ok(!/__complete(?!NoDesc)/.test(noDesc), `${shell}: only __completeNoDesc`);
  }
  assert.equal(spawnSync('bash', ['-n', scripts.bash]).status, 0);
  assert.equal(spawnSync('zsh', ['-n', scripts.zsh]).status, 0);
  assert.equal(spawnSync('fish', ['-n', scripts.fish]).status, 0);
  assert.match(readFileSync(scripts.zsh, 'utf8'), /^#compdef rudder\n/);
  assert.match(readFileSync(scripts.bash, 'utf8'), /^complete -F _rudder_complete rudder$/m);
});
