// `rudder pull`: download a chart from a repository (repo/name, a URL, or --repo) and optionally unpack it.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, isAbsolute, join } from 'node:path';
import { Command } from './command/command.js';
import { minimumNArgs } from './args.js';
import type { CliContext } from './context.js';
import { addChartPathOptionsFlags, type ChartPathFlags } from './flags.js';
import { repoEnv } from './repo-env.js';
import {
  downloadName,
  fetchChart,
  findChartInRepoURL,
  resolveChartVersion,
  type RepoEnv,
} from '../repo/chart-repo.js';
import type { GetOptions } from '../repo/http.js';
import { atomicWriteFile } from '../repo/atomic.js';
import { expandChart } from '../repo/expand.js';
import { fetchOciChart } from './registry-pull.js';
import { registryClientFromFlags } from './registry.js';
import { pullChart, pulledLines, resolveChartReference } from '../registry/chart.js';
import { parseOciReference } from '../registry/reference.js';
import { provenanceForDownload, type ProvSource } from '../provenance/download.js';
import { formatVerification } from '../provenance/provenance.js';
import { emptyGetterOptions, getWithPlugin, urlScheme, type GetterOptionsV1 } from '../plugin/getter.js';
import { envMap } from '../plugin/subprocess.js';
import { quote as goQuote } from '../go/strconv/format.js';
import { debugLog } from './plugin.js';
import { getterAll, getterPluginFor } from './plugin-schemes.js';
import { slogLine } from './slog.js';

/** The sha256 hex of an index digest ("sha256:…" or bare), or "" when it is not one. */
export function digestHex(d: string): string {
  const hex = d.startsWith('sha256:') ? d.slice(7) : d;
  return /^[0-9a-fA-F]{64}$/.test(hex) ? hex.toLowerCase() : '';
}

/**
 * The OCI getter's `<ref>.prov`: the chart pulled again with its provenance layer (helm's registry
 * client prints its Pulled/Digest lines for that pull too).
 */
export function ociProvSource(
  ctx: CliContext,
  ref: string,
  version: string,
  c: ChartPathFlags,
  out: (s: string) => void = ctx.io.stdout,
): ProvSource {
  const parsed = parseOciReference(ref);
  const url = `oci://${parsed.registry}/${parsed.repository}:${version !== '' ? version : parsed.tag}`;
  return {
    url,
    get: {},
    digestHex: '',
    contentCache: ctx.settings.contentCache.value,
    fetch: async () => {
      const client = registryClientFromFlags(ctx, parsed.registry, c);
      const target = await resolveChartReference(client, ref, version);
      const r = await pullChart(client, target, true, out);
      if (!r.prov)
        throw new Error(
          'manifest does not contain a layer with mediatype application/vnd.cncf.helm.chart.provenance.v1.prov',
        );
      out(pulledLines(r));
      return r.prov;
    },
  };
}

const PULL_DESC = `
Retrieve a package from a package repository, and download it locally.

This is useful for fetching packages to inspect, modify, or repackage. It can
also be used to perform cryptographic verification of a chart without installing
the chart.

There are options for unpacking the chart after download. This will create a
directory for the chart and uncompress into that directory.

If the --verify flag is specified, the requested chart MUST have a provenance
file, and MUST pass the verification process. Failure in any part of this will
result in an error, and the chart will not be saved locally.
`;

export function chartGetOptions(c: ChartPathFlags): GetOptions {
  return {
    username: c.username.value,
    password: c.password.value,
    passCredentialsAll: c.passCredentials.value,
    certFile: c.certFile.value,
    keyFile: c.keyFile.value,
    caFile: c.caFile.value,
    insecureSkipTLSVerify: c.insecureSkipTLSVerify.value,
  };
}

/**
 * Resolves a remote chart reference (repo/name, http(s) URL, or name with --repo) to what to fetch.
 * With --repo, the caller's credentials go only to the repository's own scheme and host.
 */
export async function resolveRemoteChart(
  ref: string,
  version: string,
  c: ChartPathFlags,
  env: RepoEnv,
  bin: string,
) {
  if (ref.startsWith('oci://') && c.repo.value === '')
    throw new Error(`${bin} cannot download charts from OCI registries yet: ${JSON.stringify(ref)}`);
  const base = chartGetOptions(c);
  if (c.repo.value !== '') {
    const found = await findChartInRepoURL(c.repo.value, ref, { ...base, version }, env);
    const r = resolveChartVersion(found.url, version, { ...base, url: c.repo.value }, env);
    if (r.digest === '') {
      r.digest = found.cv.digest;
      r.cv = found.cv;
      r.repoName = c.repo.value;
      // helm resolves the URL to no digest: it downloads whatever the content cache holds.
      r.digestCheckOnly = true;
    }
    return r;
  }
  return resolveChartVersion(ref, version, { ...base, url: undefined }, env);
}

/**
 * Getters.ByScheme for a chart URL outside http, https and oci: the getter/v1 plugin serving its
 * scheme (fetching with pull's getter options), or Helm's "scheme not supported" error.
 */
function pluginGetter(
  ctx: CliContext,
  url: string,
  get: GetOptions,
  plainHttp: boolean,
): ((href: string) => Buffer) | undefined {
  const scheme = urlScheme(url);
  if (['', 'http', 'https', 'oci'].includes(scheme)) return undefined;
  const p = getterPluginFor(ctx, scheme);
  if (!p) throw new Error(`scheme ${goQuote(scheme)} not supported`);
  const options: GetterOptionsV1 = {
    ...emptyGetterOptions(),
    URL: get.url ?? url,
    CertFile: get.certFile ?? '',
    KeyFile: get.keyFile ?? '',
    CAFile: get.caFile ?? '',
    InsecureSkipVerifyTLS: get.insecureSkipTLSVerify ?? false,
    PlainHTTP: plainHttp,
    AcceptHeader: 'application/gzip,application/octet-stream',
    Username: get.username ?? '',
    Password: get.password ?? '',
    PassCredentialsAll: get.passCredentialsAll ?? false,
  };
  const env = envMap(ctx.settings.envVars(ctx.io.argv0 ?? ctx.bin));
  return (href) => getWithPlugin(p, href, options, env, debugLog(ctx));
}

export function pullCommand(ctx: CliContext): Command {
  const cmd = new Command({
    use: 'pull [chart URL | repo/chartname] [...]',
    short: 'download a chart from a repository and (optionally) unpack it in local directory',
    aliases: ['fetch'],
    long: PULL_DESC,
    args: minimumNArgs(1),
    run: async ({ args }) => {
      let version = chart.version.value;
      if (version === '' && devel.value) {
        if (ctx.settings.debug) ctx.io.stderr(slogLine('DEBUG', 'setting version to >0.0.0-0'));
        version = '>0.0.0-0';
      }
      const wantProv = chart.verify.value || prov.value;
      const env = repoEnv(ctx);
      for (const ref of args) {
        let data: Buffer;
        let name: string;
        let src: ProvSource;
        // downloadSourceRef: with --repo, the chart URL found in the repository.
        let sourceRef = ref;
        // Pull.Run's getter.All (and FindChartInRepoURL's with --repo): plugin load warnings.
        getterAll(ctx);
        if (chart.repo.value !== '') getterAll(ctx);
        // DownloadTo's first debug line; with --repo, FindChartInRepoURL has run before it.
        const cacheSetUp = (): void => {
          if (ctx.settings.debug) ctx.io.stderr(slogLine('DEBUG', 'set up default downloader cache'));
        };
        // With --repo even an oci:// name is looked up in the repository's index.
        const oci = ref.startsWith('oci://') && chart.repo.value === '';
        if (chart.repo.value === '' || oci) cacheSetUp();
        if (oci) {
          const o = await fetchOciChart(ctx, ref, version, chart, false, ctx.io.stdout);
          ctx.io.stdout(o.lines);
          data = o.data;
          name = o.fileName;
          src = ociProvSource(ctx, ref, version, chart);
        } else {
          const r = await resolveRemoteChart(ref, version, chart, env, ctx.bin);
          if (chart.repo.value !== '') {
            cacheSetUp();
            sourceRef = r.url;
          }
          const plugin = pluginGetter(ctx, r.url, r.get, chart.plainHttp.value);
          data = plugin ? plugin(r.url) : (await fetchChart(r, env, false)).data;
          name = downloadName(r.url);
          src = { url: r.url, get: r.get, digestHex: digestHex(r.digest), contentCache: env.contentCache };
          if (plugin) src.fetch = () => Promise.resolve(plugin(`${r.url}.prov`));
        }
        // DownloadTo: with --untar the archive (and .prov) go to a temporary directory first.
        const verifyDir = untar.value && wantProv ? mkdtempSync(join(tmpdir(), 'helm-')) : undefined;
        try {
          if (!untar.value || verifyDir) {
            const dir = verifyDir ?? dest.value;
            const destfile = join(dir, name);
            // AtomicWriteFile's os.CreateTemp fails first: its name is the file's plus a random number.
            if (!existsSync(dir))
              throw new Error(`open ${destfile}${randomBytes(4).readUInt32BE(0)}: no such file or directory`);
            atomicWriteFile(destfile, data);
            if (wantProv) {
              const p = await provenanceForDownload(
                destfile,
                src,
                chart.keyring.value,
                !chart.verify.value,
                sourceRef,
              );
              if (p.warning) ctx.io.stdout(p.warning);
              if (p.verification) ctx.io.stdout(formatVerification(p.verification));
            }
          }
          if (untar.value) untarChart(ref, data);
        } finally {
          if (verifyDir) rmSync(verifyDir, { recursive: true, force: true });
        }
      }
    },
  });
  const untarChart = (ref: string, data: Buffer): void => {
    let ud = untardir.value;
    if (!isAbsolute(ud)) ud = join(dest.value, ud);
    const udCheck = ud === '.' ? basename(ref) : join(ud, basename(ref));
    if (existsSync(udCheck)) {
      throw new Error(`failed to untar: a file or directory with the name ${udCheck} already exists`);
    }
    const tmp = mkdtempSync(join(tmpdir(), 'helm-'));
    try {
      expandChart(tmp, data);
      mkdirSync(udCheck, { recursive: true, mode: 0o755 });
      expandChart(ud, data);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  };
  const f = cmd.localOnlyFlags;
  const devel = f.bool(
    'devel',
    '',
    false,
    "use development versions, too. Equivalent to version '>0.0.0-0'. If --version is set, this is ignored.",
  );
  const untar = f.bool('untar', '', false, 'if set to true, will untar the chart after downloading it');
  const prov = f.bool('prov', '', false, "fetch the provenance file, but don't perform verification");
  const untardir = f.string(
    'untardir',
    '',
    '.',
    'if untar is specified, this flag specifies the name of the directory into which the chart is expanded',
  );
  const dest = f.string(
    'destination',
    'd',
    '.',
    'location to write the chart. If this and untardir are specified, untardir is appended to this',
  );
  const chart = addChartPathOptionsFlags(f, ctx.settings);
  return cmd;
}
