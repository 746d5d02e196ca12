// `rudder search repo`: search the cached indexes of the configured repositories.
import { Command } from './command/command.js';
import { CustomValue } from './command/values.js';
import { parseUint as goParseUint } from '../go/strconv/parse.js';
import type { CliContext } from './context.js';
import { bindOutputFlag, writeOutput } from './output/format.js';
import { encodeTable, Table } from './output/table.js';
import { struct } from './output/encode.js';
import { repoEnv } from './repo-env.js';
import { loadRepoFile, repos, type RepoEntry } from '../repo/repo-file.js';
import { cacheIndexFile } from '../repo/chart-repo.js';
import { loadRepoIndex } from '../repo/index-cache.js';
import { SearchIndex, sortScore, versionOf, type SearchResult } from '../repo/search.js';
import { checkConstraint, newConstraint } from '../funcs/semver.js';
import { searchHub, hubElements, validateEndpoint } from '../repo/hub.js';
import { slogLine } from './slog.js';

const SEARCH_DESC = `
Search provides the ability to search for Helm charts in the various places
they can be stored including the Artifact Hub and repositories you have added.
Use search subcommands to search different locations for charts.
`;

const SEARCH_REPO_DESC = (bin: string): string => `
Search reads through all of the repositories configured on the system, and
looks for matches. Search of these repositories uses the metadata stored on
the system.

It will display the latest stable versions of the charts found. If you
specify the --devel flag, the output will include pre-release versions.
If you want to search using a version constraint, use --version.

Examples:

    # Search for stable release versions matching the keyword "nginx"
    $ ${bin} search repo nginx

    # Search for release versions matching the keyword "nginx", including pre-release versions
    $ ${bin} search repo nginx --devel

    # Search for the latest stable release for nginx-ingress with a major version of 1
    $ ${bin} search repo nginx-ingress --version ^1.0.0

Repositories are managed with '${bin} repo' commands.
`;

const SEARCH_MAX_SCORE = 25;

const SEARCH_HUB_DESC = `
Search for Helm charts in the Artifact Hub or your own hub instance.

Artifact Hub is a web-based application that enables finding, installing, and
publishing packages and configurations for CNCF projects, including publicly
available distributed charts Helm charts. It is a Cloud Native Computing
Foundation sandbox project. You can browse the hub at https://artifacthub.io/

The [KEYWORD] argument accepts either a keyword string, or quoted string of rich
query options. For rich query options documentation, see
https://artifacthub.github.io/hub/api/?urls.primaryName=Monocular%20compatible%20search%20API#/Monocular/get_api_chartsvc_v1_charts_search

Previous versions of Helm used an instance of Monocular as the default
'endpoint', so for backwards compatibility Artifact Hub is compatible with the
Monocular search API. Similarly, when setting the 'endpoint' flag, the specified
endpoint must also be implement a Monocular compatible search API endpoint.
Note that when specifying a Monocular instance as the 'endpoint', rich queries
are not supported. For API details, see https://github.com/helm/monocular
`;

const maxColWidthFlag = (): CustomValue<number> =>
  new CustomValue<number>('uint', 50, (t) => Number(goParseUint(t, 0, 64)));

function searchHubCmd(ctx: CliContext): Command {
  const cmd = new Command({
    use: 'hub [KEYWORD]',
    short: 'search for charts in the Artifact Hub or your own hub instance',
    long: SEARCH_HUB_DESC,
    run: async ({ args }) => {
      const ep = endpoint.value;
      try {
        validateEndpoint(ep);
      } catch (err) {
        throw new Error(`unable to create connection to ${JSON.stringify(ep)}: ${(err as Error).message}`, {
          cause: err,
        });
      }
      let results;
      try {
        results = await searchHub(ep, args.join(' '));
      } catch (err) {
        if (ctx.settings.debug) {
          ctx.io.stderr(slogLine('DEBUG', 'search failed', { error: (err as Error).message }));
        }
        throw new Error(`unable to perform search against ${JSON.stringify(ep)}`, { cause: err });
      }
      const elements = hubElements(results, ep);
      const none = (): never => {
        throw new Error('no results found');
      };
      ctx.io.stdout(
        writeOutput(output.value, {
          table: () => {
            if (elements.length === 0) {
              if (failOnNoResult.value) none();
              return 'No results found\n';
            }
            const t = new Table();
            t.maxColWidth = maxColWidth.value;
            const head = ['URL', 'CHART VERSION', 'APP VERSION', 'DESCRIPTION'];
            t.addRow(...(listRepoURL.value ? [...head, 'REPO URL'] : head));
            for (const e of elements) {
              const row = [e.url, e.version, e.appVersion, e.description];
              t.addRow(...(listRepoURL.value ? [...row, e.repository.url] : row));
            }
            return encodeTable(t);
          },
          json: () => {
            if (elements.length === 0 && failOnNoResult.value) none();
            return elements.map((e) =>
              struct({
                url: e.url,
                version: e.version,
                app_version: e.appVersion,
                description: e.description,
                repository: struct({ url: e.repository.url, name: e.repository.name }),
              }),
            );
          },
        }),
      );
    },
  });
  const f = cmd.localOnlyFlags;
  const endpoint = f.string('endpoint', '', 'https://hub.helm.sh', 'Hub instance to query for charts');
  const maxColWidth = maxColWidthFlag();
  f.add({
    name: 'max-col-width',
    shorthand: '',
    usage: 'maximum column width for output table',
    value: maxColWidth,
  });
  const listRepoURL = f.bool('list-repo-url', '', false, 'print charts repository URL');
  const failOnNoResult = f.bool('fail-on-no-result', '', false, 'search fails if no results are found');
  const output = bindOutputFlag(f);
  return cmd;
}

function searchRepo(ctx: CliContext): Command {
  const cmd = new Command({
    use: 'repo [keyword]',
    short: 'search repositories for a keyword in charts',
    long: SEARCH_REPO_DESC(ctx.bin),
    run: ({ args }) => {
      let version = versionFlag.value;
      if (version === '') version = devel.value ? '>0.0.0-0' : '>0.0.0';
      let list: RepoEntry[] = [];
      try {
        list = repos(loadRepoFile(ctx.settings.repositoryConfig.value));
      } catch {
        /* no file */
      }
      if (list.length === 0) throw new Error('no repositories configured');
      const env = repoEnv(ctx);
      const index = new SearchIndex();
      for (const re of list) {
        try {
          const ind = loadRepoIndex(cacheIndexFile(env.repositoryCache, re.name), env.warn);
          index.addRepo(re.name, ind.columns(), true);
        } catch (err) {
          let msg = (err as Error).message;
          if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
            msg = `open ${cacheIndexFile(env.repositoryCache, re.name)}: no such file or directory`;
          }
          env.warn('repo is corrupt or missing', { repo: re.name, error: msg });
        }
      }
      const res =
        args.length === 0 ? index.all() : index.search(args.join(' '), SEARCH_MAX_SCORE, regexp.value);
      sortScore(res);
      let constraint;
      try {
        constraint = newConstraint(version);
      } catch (err) {
        throw new Error(`an invalid version/constraint format: ${(err as Error).message}`, { cause: err });
      }
      const data: SearchResult[] = [];
      const found = new Set<string>();
      for (const r of res) {
        if (!versions.value && found.has(r.name)) continue;
        const v = versionOf(r.chart.metadata.version ?? '');
        if (v === null) continue;
        if (checkConstraint(constraint, v)) {
          data.push(r);
          found.add(r.name);
        }
      }
      const none = (): never => {
        throw new Error('no results found');
      };
      ctx.io.stdout(
        writeOutput(output.value, {
          table: () => {
            if (data.length === 0) {
              if (failOnNoResult.value) none();
              return 'No results found\n';
            }
            const t = new Table();
            t.maxColWidth = maxColWidth.value;
            t.addRow('NAME', 'CHART VERSION', 'APP VERSION', 'DESCRIPTION');
            for (const r of data) {
              t.addRow(
                r.name,
                r.chart.metadata.version ?? '',
                r.chart.metadata.appVersion ?? '',
                r.chart.metadata.description ?? '',
              );
            }
            return encodeTable(t);
          },
          json: () => {
            if (data.length === 0 && failOnNoResult.value) none();
            return data.map((r) =>
              struct({
                name: r.name,
                version: r.chart.metadata.version ?? '',
                app_version: r.chart.metadata.appVersion ?? '',
                description: r.chart.metadata.description ?? '',
              }),
            );
          },
        }),
      );
    },
  });
  const f = cmd.localOnlyFlags;
  const regexp = f.bool(
    'regexp',
    'r',
    false,
    'use regular expressions for searching repositories you have added',
  );
  const versions = f.bool(
    'versions',
    'l',
    false,
    'show the long listing, with each version of each chart on its own line, for repositories you have added',
  );
  const devel = f.bool(
    'devel',
    '',
    false,
    "use development versions (alpha, beta, and release candidate releases), too. Equivalent to version '>0.0.0-0'. If --version is set, this is ignored",
  );
  const versionFlag = f.string(
    'version',
    '',
    '',
    'search using semantic versioning constraints on repositories you have added',
  );
  const maxColWidth = maxColWidthFlag();
  f.add({
    name: 'max-col-width',
    shorthand: '',
    usage: 'maximum column width for output table',
    value: maxColWidth,
  });
  const failOnNoResult = f.bool('fail-on-no-result', '', false, 'search fails if no results are found');
  const output = bindOutputFlag(f);
  return cmd;
}

export function searchCommand(ctx: CliContext): Command {
  const cmd = new Command({
    use: 'search [keyword]',
    short: 'search for a keyword in charts',
    long: SEARCH_DESC,
  });
  cmd.add(searchHubCmd(ctx));
  cmd.add(searchRepo(ctx));
  return cmd;
}
