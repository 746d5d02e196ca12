// `rudder repo add|list|remove|update|index`: chart repositories as `helm repo` manages them.
import { spawn, spawnSync } from 'node:child_process';
import { isatty } from 'node:tty';
import {
  readSync,
  readFileSync,
  existsSync,
  mkdirSync,
  openSync,
  closeSync,
  rmSync,
  statSync,
} from 'node:fs';
import { dirname, extname, resolve, join } from 'node:path';
import { Command } from './command/command.js';
import { exactArgs, minimumNArgs, noArgs } from './args.js';
import type { CliContext } from './context.js';
import { bindOutputFlag, writeOutput } from './output/format.js';
import { encodeTable, Table } from './output/table.js';
import { struct } from './output/encode.js';
import { repoEnv } from './repo-env.js';
import {
  emptyEntry,
  getRepo,
  loadRepoFile,
  parseRepoFile,
  removeRepo,
  RepoFileNotFound,
  repos,
  sameEntry,
  updateRepo,
  writeRepoFile,
  type RepoEntry,
} from '../repo/repo-file.js';
import { cacheChartsFile, cacheIndexFile, checkScheme, downloadIndexFile } from '../repo/chart-repo.js';
import { cachePathFor } from '../repo/index-cache.js';
import {
  indexDirectory,
  loadIndexFile,
  marshalIndexJson,
  marshalIndexYaml,
  mergeIndex,
  newIndexFile,
  sortEntries,
  type IndexFile,
} from '../repo/index-file.js';
import { atomicWriteFile } from '../repo/atomic.js';
import { addTlsFlags } from './flags.js';
import { getterAll } from './plugin-schemes.js';

const DEFAULT_TIMEOUT_NS = 120_000_000_000n;

const DEPRECATED_REPOS: [string, string][] = [
  ['//kubernetes-charts.storage.googleapis.com', 'https://charts.helm.sh/stable'],
  ['//kubernetes-charts-incubator.storage.googleapis.com', 'https://charts.helm.sh/incubator'],
];

const REPO_DESC = `
This command consists of multiple subcommands to interact with chart repositories.

It can be used to add, remove, list, and index chart repositories.
`;

const UPDATE_DESC = (bin: string): string => `
Update gets the latest information about charts from the respective chart repositories.
Information is cached locally, where it is used by commands like '${bin} search'.

You can optionally specify a list of repositories you want to update.
	$ ${bin} repo update <repo_name> ...
To update all the repositories, use '${bin} repo update'.
`;

const INDEX_DESC = `
Read the current directory, generate an index file based on the charts found
and write the result to 'index.yaml' in the current directory.

This tool is used for creating an 'index.yaml' file for a chart repository. To
set an absolute URL to the charts, use '--url' flag.

To merge the generated index with an existing index file, use the '--merge'
flag. In this case, the charts found in the current directory will be merged
into the index passed in with --merge, with local charts taking priority over
existing charts.
`;

const noMore = {
  items: ['_activeHelp_ This command does not take any more arguments (but may accept flags).'],
  directive: 4,
};

/**
 * Helm's lock on repositories.lock (gofrs/flock: flock(2), tried every second for 30 s). Node has
 * no flock call, so util-linux's flock(1) takes it for us and holds it while its `cat` waits on our
 * pipe: helm and rudder exclude each other, and the lock goes with our process if it dies (the
 * pipe closes). Without flock(1), an O_EXCL file beside it keeps rudders apart (not from helm).
 */
async function withRepoLock<T>(repoFile: string, fn: () => Promise<T>): Promise<T> {
  const ext = extname(repoFile);
  const lockPath =
    ext !== '' && ext.length < repoFile.length
      ? repoFile.slice(0, -ext.length) + '.lock'
      : `${repoFile}.lock`;
  if (!existsSync(lockPath)) closeSync(openSync(lockPath, 'a', 0o600));
  const release = (await flockHold(lockPath)) ?? (await exclHold(lockPath));
  try {
    return await fn();
  } finally {
    await release();
  }
}

/** flock(1) holding an exclusive lock until released; undefined when flock(1) is not installed. */
function flockHold(lockPath: string): Promise<(() => Promise<void>) | undefined> {
  return new Promise((resolve, reject) => {
    const p = spawn('flock', ['-x', '-w', '30', lockPath, 'sh', '-c', 'echo locked; exec cat >/dev/null'], {
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    let out = '';
    let held = false;
    const closed = new Promise<void>((done) => p.on('close', () => done()));
    p.on('error', (err) => {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') resolve(undefined);
      else reject(err);
    });
    p.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (!held && out.includes('locked\n')) {
        held = true;
        resolve(async () => {
          p.stdin.end();
          await closed;
        });
      }
    });
    p.on('exit', () => {
      if (!held) reject(new Error('context deadline exceeded'));
    });
  });
}

async function exclHold(lockPath: string): Promise<() => Promise<void>> {
  const held = `${lockPath}.rudder`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      closeSync(openSync(held, 'wx'));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // A lock left by a dead process older than a minute is stale.
      try {
        if (Date.now() - statSync(held).mtimeMs > 60_000) rmSync(held, { force: true });
      } catch {
        /* gone */
      }
      if (Date.now() > deadline) throw new Error('context deadline exceeded');
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return async () => rmSync(held, { force: true });
}

/** term.ReadPassword on stdin: one line without echo; not a terminal fails as Go's ioctl does. */
function readPasswordFromTerminal(): string {
  if (!isatty(0)) throw new Error('inappropriate ioctl for device');
  spawnSync('stty', ['-echo'], { stdio: ['inherit', 'ignore', 'ignore'] });
  try {
    const buf = Buffer.alloc(1);
    const bytes: number[] = [];
    for (;;) {
      let n = 0;
      try {
        n = readSync(0, buf, 0, 1, null);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EAGAIN') continue;
        throw err;
      }
      if (n === 0 || buf[0] === 0x0a) break;
      if (buf[0] !== 0x0d) bytes.push(buf[0]!);
    }
    return Buffer.from(bytes).toString('utf8');
  } finally {
    spawnSync('stty', ['echo'], { stdio: ['inherit', 'ignore', 'ignore'] });
  }
}

function repoAdd(ctx: CliContext): Command {
  const cmd = new Command({
    use: 'add [NAME] [URL]',
    short: 'add a chart repository',
    args: exactArgs(2),
    validArgs: (args) => (args.length > 1 ? noMore : { items: [], directive: 4 }),
    run: async ({ args }) => {
      const [name, url] = args as [string, string];
      if (!allowDeprecated.value) {
        for (const [oldURL, newURL] of DEPRECATED_REPOS) {
          if (url.includes(oldURL))
            throw new Error(
              `repo ${JSON.stringify(url)} is no longer available; try ${JSON.stringify(newURL)} instead`,
            );
        }
      }
      const repoFile = ctx.settings.repositoryConfig.value;
      mkdirSync(dirname(repoFile), { recursive: true });
      await withRepoLock(repoFile, async () => {
        let text = '';
        try {
          text = readFileSync(repoFile, 'utf8');
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        }
        const f = parseRepoFile(text);
        let pw = password.value;
        if (username.value !== '' && pw === '') {
          if (passwordStdin.value) {
            pw = readFileSync(0, 'utf8').replace(/\n$/, '').replace(/\r$/, '');
          } else {
            ctx.io.stdout('Password: ');
            let line: string;
            try {
              line = readPasswordFromTerminal();
            } finally {
              ctx.io.stdout('\n');
            }
            pw = line;
          }
        }
        const e: RepoEntry = {
          ...emptyEntry(name, url),
          username: username.value,
          password: pw,
          pass_credentials_all: passCredentials.value,
          certFile: certFile.value,
          keyFile: keyFile.value,
          caFile: caFile.value,
          insecure_skip_tls_verify: insecure.value,
        };
        if (name.includes('/')) {
          throw new Error(
            `repository name (${name}) contains '/', please specify a different name without '/'`,
          );
        }
        const existing = getRepo(f, name);
        if (!forceUpdate.value && existing) {
          if (!sameEntry(e, existing))
            throw new Error(`repository name (${name}) already exists, please specify a different name`);
          ctx.io.stdout(`${JSON.stringify(name)} already exists with the same configuration, skipping\n`);
          return;
        }
        const env = repoEnv(ctx);
        getterAll(ctx); // NewChartRepository's getter.All: plugin load warnings
        checkScheme(url);
        try {
          await downloadIndexFile(e, env.repositoryCache, env.warn, Number(timeout.value) / 1e6);
        } catch (err) {
          throw new Error(
            `looks like ${JSON.stringify(url)} is not a valid chart repository or cannot be reached: ${(err as Error).message}`,
            { cause: err },
          );
        }
        updateRepo(f, e);
        writeRepoFile(f, repoFile, 0o600);
        ctx.io.stdout(`${JSON.stringify(name)} has been added to your repositories\n`);
      });
    },
  });
  const f = cmd.localOnlyFlags;
  const username = f.string('username', '', '', 'chart repository username');
  const password = f.string('password', '', '', 'chart repository password');
  const passwordStdin = f.bool('password-stdin', '', false, 'read chart repository password from stdin');
  const forceUpdate = f.bool('force-update', '', false, 'replace (overwrite) the repo if it already exists');
  const {
    certFile,
    keyFile,
    caFile,
    insecureSkipTLSVerify: insecure,
  } = addTlsFlags(f, 'HTTPS client', 'the repository');
  const allowDeprecated = f.bool(
    'allow-deprecated-repos',
    '',
    false,
    'by default, this command will not allow adding official repos that have been permanently deleted. This disables that behavior',
  );
  const passCredentials = f.bool('pass-credentials', '', false, 'pass credentials to all domains');
  const timeout = f.duration(
    'timeout',
    '',
    DEFAULT_TIMEOUT_NS,
    'time to wait for the index file download to complete',
  );
  return cmd;
}

function repoList(ctx: CliContext): Command {
  const cmd = new Command({
    use: 'list',
    short: 'list chart repositories',
    aliases: ['ls'],
    args: noArgs,
    validArgs: () => noMore,
    run: () => {
      let list: RepoEntry[] = [];
      try {
        list = repos(loadRepoFile(ctx.settings.repositoryConfig.value));
      } catch {
        /* ignored, as helm does */
      }
      if (list.length === 0 && output.value === 'table') {
        ctx.io.stderr('no repositories to show\n');
        return;
      }
      const rows = list.map((e) => struct({ name: e.name, url: e.url }));
      ctx.io.stdout(
        writeOutput(output.value, {
          table: () => {
            const t = new Table();
            if (!noHeaders.value) t.addRow('NAME', 'URL');
            for (const e of list) t.addRow(e.name, e.url);
            return encodeTable(t);
          },
          json: () => rows,
        }),
      );
    },
  });
  const noHeaders = cmd.localOnlyFlags.bool('no-headers', '', false, 'suppress headers in the output');
  const output = bindOutputFlag(cmd.localOnlyFlags);
  return cmd;
}

function compListRepos(ctx: CliContext, ignored: string[]): string[] {
  try {
    return repos(loadRepoFile(ctx.settings.repositoryConfig.value))
      .filter((e) => !ignored.includes(e.name))
      .map((e) => `${e.name}\t${e.url}`);
  } catch {
    return [];
  }
}

function repoRemove(ctx: CliContext): Command {
  return new Command({
    use: 'remove [REPO1 [REPO2 ...]]',
    short: 'remove one or more chart repositories',
    aliases: ['rm'],
    args: minimumNArgs(1),
    validArgs: (args) => ({ items: compListRepos(ctx, args), directive: 4 }),
    run: ({ args }) => {
      const repoFile = ctx.settings.repositoryConfig.value;
      const cache = ctx.settings.repositoryCache.value;
      let f;
      try {
        f = loadRepoFile(repoFile);
      } catch (err) {
        if (err instanceof RepoFileNotFound) throw new Error('no repositories configured');
        f = { apiVersion: '', generated: '', repositories: null };
      }
      if (repos(f).length === 0) throw new Error('no repositories configured');
      for (const name of args) {
        if (!removeRepo(f, name)) throw new Error(`no repo named ${JSON.stringify(name)} found`);
        writeRepoFile(f, repoFile, 0o600);
        rmSync(cacheChartsFile(cache, name), { force: true });
        const idx = cacheIndexFile(cache, name);
        if (existsSync(idx)) rmSync(idx);
        rmSync(cachePathFor(idx), { force: true });
        ctx.io.stdout(`${JSON.stringify(name)} has been removed from your repositories\n`);
      }
    },
  });
}

function repoUpdate(ctx: CliContext): Command {
  const cmd = new Command({
    use: 'update [REPO1 [REPO2 ...]]',
    short: 'update information of available charts locally from chart repositories',
    long: UPDATE_DESC(ctx.bin),
    aliases: ['up'],
    args: minimumNArgs(0),
    validArgs: (args) => ({ items: compListRepos(ctx, args), directive: 4 }),
    run: async ({ args }) => {
      const repoFile = ctx.settings.repositoryConfig.value;
      const noRepos = 'no repositories found. You must add one before updating';
      let f;
      try {
        f = loadRepoFile(repoFile);
      } catch (err) {
        if (err instanceof RepoFileNotFound) throw new Error(noRepos);
        throw new Error(`failed loading file: ${repoFile}: ${(err as Error).message}`, { cause: err });
      }
      const all = repos(f);
      if (all.length === 0) throw new Error(noRepos);
      for (const n of args) {
        if (!all.some((e) => e.name === n))
          throw new Error(`no repositories found matching '${n}'.  Nothing will be updated`);
      }
      const chosen = args.length === 0 ? all : all.filter((e) => args.includes(e.name));
      // NewChartRepository per repository, before any download: getter.All (its plugin load
      // warnings), then the getter for the URL's scheme (helm stops at the first missing one).
      for (const e of chosen) {
        getterAll(ctx);
        checkScheme(e.url);
      }
      const env = repoEnv(ctx);
      ctx.io.stdout('Hang tight while we grab the latest from your chart repositories...\n');
      const failed: string[] = [];
      await Promise.all(
        chosen.map(async (e) => {
          try {
            await downloadIndexFile(e, env.repositoryCache, env.warn, Number(timeout.value) / 1e6);
            ctx.io.stdout(
              `...Successfully got an update from the ${JSON.stringify(e.name)} chart repository\n`,
            );
          } catch (err) {
            ctx.io.stdout(
              `...Unable to get an update from the ${JSON.stringify(e.name)} chart repository (${e.url}):\n\t${(err as Error).message}\n`,
            );
            failed.push(e.url);
          }
        }),
      );
      if (failed.length > 0)
        throw new Error(`failed to update the following repositories: [${failed.join(' ')}]`);
      ctx.io.stdout('Update Complete. ⎈Happy Helming!⎈\n');
    },
  });
  const timeout = cmd.localOnlyFlags.duration(
    'timeout',
    '',
    DEFAULT_TIMEOUT_NS,
    'time to wait for the index file download to complete',
  );
  return cmd;
}

function writeIndex(i: IndexFile, out: string, json: boolean): void {
  atomicWriteFile(out, json ? marshalIndexJson(i) : marshalIndexYaml(i), 0o644);
}

function repoIndex(ctx: CliContext): Command {
  const cmd = new Command({
    use: 'index [DIR]',
    short: 'generate an index file given a directory containing packaged charts',
    long: INDEX_DESC,
    args: exactArgs(1),
    validArgs: (args) => (args.length === 0 ? { items: [], directive: 0 } : noMore),
    run: ({ args }) => {
      const dir = resolve(args[0]!);
      const out = join(dir, 'index.yaml');
      // filepath.Glob finds nothing in a missing directory; the write then fails.
      if (!existsSync(dir)) throw new Error(`open ${out}: no such file or directory`);
      const i = indexDirectory(dir, url.value);
      const env = repoEnv(ctx);
      if (merge.value !== '') {
        let i2: IndexFile;
        if (!existsSync(merge.value)) {
          i2 = newIndexFile();
          writeIndex(i2, merge.value, json.value);
        } else {
          try {
            i2 = loadIndexFile(merge.value, env.warn);
          } catch (err) {
            throw new Error(`merge failed: ${(err as Error).message}`, { cause: err });
          }
        }
        mergeIndex(i, i2);
      }
      sortEntries(i);
      writeIndex(i, out, json.value);
    },
  });
  const f = cmd.localOnlyFlags;
  const url = f.string('url', '', '', 'url of chart repository');
  const merge = f.string('merge', '', '', 'merge the generated index into the given index');
  const json = f.bool('json', '', false, 'output in JSON format');
  return cmd;
}

export function repoCommand(ctx: CliContext): Command {
  const cmd = new Command({
    use: 'repo add|remove|list|index|update [ARGS]',
    short: 'add, list, remove, update, and index chart repositories',
    long: REPO_DESC,
    args: noArgs,
  });
  cmd.add(repoAdd(ctx), repoList(ctx), repoRemove(ctx), repoIndex(ctx), repoUpdate(ctx));
  return cmd;
}
