// `rudder template`: render chart templates locally and print them, as `helm template` does.
import { mkdirSync, writeFileSync, appendFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { outputBytes, utf8DecodeText } from '../go/value.js';
import { globMatch } from '../chart/helmignore.js';
import { refuseChartV3 } from '../chart/loader.js';
import { parseKubeVersion } from '../render/capabilities.js';
import { splitManifests } from '../render/manifests.js';
import {
  crdObjects,
  ReleaseRenderError,
  renderRelease,
  type RenderedRelease,
  type ReleaseRenderOptions,
} from '../release/render.js';
import { clusterCapabilities, requireClient } from '../release/context.js';
import { renderWithLookup } from '../release/lookup.js';
import { install, ReleaseActionError } from '../release/install.js';
import type { Chart } from '../chart/chart.js';
import type { GoMap } from '../go/value.js';
import { actionEnv } from './action-env.js';
import { cancelOnSignal } from './cancel.js';
import type { ValueOptions } from '../values/options.js';
import { Command } from './command/command.js';
import { minimumNArgs } from './args.js';
import { compListCharts } from './completion.js';
import type { CliContext } from './context.js';
import type { CliIO } from './io.js';
import { addInstallFlags, bindPostRenderFlag, dryRunStrategy, valueOptionsFrom } from './flags.js';
import { installActionFlags, type InstallActionFlags } from './install.js';
import { postRenderer, postRendererLookup } from './plugin.js';
import { validateReleaseName, nameAndChart } from './release-name.js';
import { logWarning } from './lint.js';
import type { RemoteChartFlags } from './locate-chart.js';
import { checkRegistryClientTls, loadActionChart } from './action-chart.js';
import { repoEnv } from './repo-env.js';
import { slogLine } from './slog.js';

const TEMPLATE_DESC = `
Render chart templates locally and display the output.

Any values that would normally be looked up or retrieved in-cluster will be
faked locally. Additionally, none of the server-side testing of chart validity
(e.g. whether an API is supported) is done.

To specify the Kubernetes API versions used for Capabilities.APIVersions, use
the '--api-versions' flag. This flag can be specified multiple times or as a
comma-separated list:

    $ helm template --api-versions networking.k8s.io/v1 --api-versions cert-manager.io/v1 mychart ./mychart

or

    $ helm template --api-versions networking.k8s.io/v1,cert-manager.io/v1 mychart ./mychart
`;

interface TemplateOptions {
  showOnly: string[];
  outputDir: string;
  includeCrds: boolean;
  skipTests: boolean;
  isUpgrade: boolean;
  kubeVersion: string;
  apiVersions: string[];
  releaseName: boolean;
  generateName: boolean;
  nameTemplate: string;
  noHooks: boolean;
  skipSchemaValidation: boolean;
  enableDns: boolean;
  values: ValueOptions;
  namespace: string;
  debug: boolean;
  chartVersion: string;
  remote: RemoteChartFlags;
  /** --dependency-update: fetch missing dependencies before rendering. */
  dependencyUpdate: boolean;
  /** --post-renderer: the plugin over the rendered files (plugin/postrenderer.ts). */
  postRender?: (files: Map<string, string>) => Map<string, string>;
  /** --dry-run=server / --validate: install's server dry run (install flags as given). */
  server: InstallActionFlags | undefined;
}

export function templateCommand(ctx: CliContext): Command {
  const { io, settings } = ctx;
  const cmd = new Command({
    use: 'template [NAME] [CHART]',
    short: 'locally render templates',
    long: TEMPLATE_DESC.replaceAll('$ helm template', `$ ${ctx.bin} template`),
    args: minimumNArgs(1),
    validArgs: (args, toComplete) =>
      args.length === (install.generateName.value ? 0 : 1)
        ? compListCharts(toComplete)
        : { items: [], directive: 4 },
    run: ({ args }): Promise<void> => {
      if (kubeVersion.value !== '') {
        try {
          parseKubeVersion(kubeVersion.value);
        } catch (err) {
          throw new Error(`invalid kube version '${kubeVersion.value}': ${(err as Error).message}`);
        }
      }
      checkRegistryClientTls(install.chart);
      refuseValidateWithDryRun(cmd, validate.value, dryRunFlag.value);
      const dryRun = dryRunStrategy(dryRunFlag.value, DRY_RUN_NO_OPT, true, io.stderr);
      // --validate means a server dry run (as in helm 4), whatever --dry-run=client says (as in helm 3).
      const server = validate.value || dryRun === 'server';
      return runTemplate(
        args,
        {
          showOnly: showOnly.value,
          outputDir: outputDir.value,
          includeCrds: includeCrds.value,
          skipTests: skipTests.value,
          isUpgrade: isUpgrade.value,
          kubeVersion: kubeVersion.value,
          apiVersions: apiVersions.value,
          releaseName: useReleaseName.value,
          generateName: install.generateName.value,
          nameTemplate: install.nameTemplate.value,
          noHooks: install.noHooks.value,
          skipSchemaValidation: install.skipSchemaValidation.value,
          enableDns: install.enableDns.value,
          values: valueOptionsFrom(install.values),
          namespace: settings.namespace(),
          debug: settings.debug,
          chartVersion: install.chart.version.value,
          remote: { chart: install.chart, env: repoEnv(ctx), devel: install.devel.value, ctx },
          dependencyUpdate: install.dependencyUpdate.value,
          postRender: postRenderer(ctx, postRender.pluginName.value, postRender.args.value),
          server: server ? installActionFlags(install, { dryRun: 'server', hideSecret: false }) : undefined,
        },
        ctx,
      );
    },
  });
  const install = addInstallFlags(cmd, settings, io.stderr);
  const f = cmd.localOnlyFlags;
  const showOnly = f.stringArray(
    'show-only',
    's',
    [],
    'only show manifests rendered from the given templates',
  );
  const outputDir = f.string(
    'output-dir',
    '',
    '',
    'writes the executed templates to files in output-dir instead of stdout',
  );
  const validate = f.bool('validate', '', false, 'deprecated');
  f.markDeprecated('validate', "use '--dry-run=server' instead");
  const includeCrds = f.bool('include-crds', '', false, 'include CRDs in the templated output');
  const skipTests = f.bool('skip-tests', '', false, 'skip tests from templated output');
  const isUpgrade = f.bool('is-upgrade', '', false, 'set .Release.IsUpgrade instead of .Release.IsInstall');
  const kubeVersion = f.string(
    'kube-version',
    '',
    '',
    'Kubernetes version used for Capabilities.KubeVersion',
  );
  const apiVersions = f.stringSlice(
    'api-versions',
    'a',
    [],
    'Kubernetes api versions used for Capabilities.APIVersions (multiple can be specified)',
  );
  const useReleaseName = f.bool('release-name', '', false, 'use release name in the output-dir path.');
  const dryRunFlag = f.string(
    'dry-run',
    '',
    'client',
    `simulates the operation either client-side or server-side. Must be either: "client", or "server". '--dry-run=client simulates the operation client-side only and avoids cluster connections. '--dry-run=server' simulates/validates the operation on the server, requiring cluster connectivity.`,
  );
  f.lookup('dry-run')!.noOptDefVal = DRY_RUN_NO_OPT;
  const postRender = bindPostRenderFlag(cmd, (name, args) => {
    postRendererLookup(ctx, name, args);
  });
  return cmd;
}

/**
 * Helm 4 makes --validate and --dry-run mutually exclusive. Rudder also takes `--validate
 * --dry-run=client` (what helm-diff passes, and what helm 3 ran as a server-side validation);
 * every other pair is refused with cobra's text.
 */
function refuseValidateWithDryRun(cmd: Command, validate: boolean, dryRun: string): void {
  const f = cmd.localOnlyFlags;
  if (!f.lookup('validate')!.changed || !f.lookup('dry-run')!.changed) return;
  if (validate && dryRun === 'client') return;
  throw new Error(
    'if any flags in the group [validate dry-run] are set none of the others can be; [dry-run validate] were all set',
  );
}

const DRY_RUN_NO_OPT = 'unset';

async function runTemplate(args: string[], flags: TemplateOptions, ctx: CliContext): Promise<void> {
  const { io } = ctx;
  const debug = flags.debug;
  let kubeVersion: string | undefined;
  if (flags.kubeVersion) {
    try {
      kubeVersion = parseKubeVersion(flags.kubeVersion).version;
    } catch (err) {
      throw new Error(`invalid kube version '${flags.kubeVersion}': ${(err as Error).message}`);
    }
  }
  const logDebug = (msg: string, attrs: Record<string, string>): void => {
    if (debug) io.stderr(slogLine('DEBUG', msg, attrs));
  };
  logDebug('Original chart version', { version: flags.chartVersion });
  const [releaseName, chartRef] = nameAndChart(args, {
    releaseName: 'release-name',
    generateName: flags.generateName,
    nameTemplate: flags.nameTemplate,
  });
  const { chart, values: vals } = await loadActionChart(ctx, chartRef, {
    remote: flags.remote,
    values: flags.values,
    dependencyUpdate: flags.dependencyUpdate,
    action: 'install',
  });
  refuseChartV3(chart);
  try {
    validateReleaseName(releaseName);
  } catch (err) {
    const msg = (err as Error).message;
    io.stderr(slogLine('ERROR', 'release name check failed', { error: msg }));
    throw new Error(`release name check failed: ${msg}`);
  }

  let rel: RenderedRelease | undefined;
  let installErr: Error | undefined;
  let partial = '';
  try {
    const renderOpts: ReleaseRenderOptions = {
      releaseName,
      namespace: flags.namespace,
      isUpgrade: flags.isUpgrade,
      kubeVersion,
      apiVersions: flags.apiVersions,
      includeCrds: flags.includeCrds,
      skipSchemaValidation: flags.skipSchemaValidation,
      enableDns: flags.enableDns,
      warn: logWarning(io.stderr),
      debug: logDebug,
      postRender: flags.postRender,
    };
    rel = !flags.server
      ? renderRelease(chart, vals, renderOpts)
      : flags.outputDir
        ? await serverRenderOnly(ctx, flags, chart, vals, renderOpts)
        : await serverDryRun(ctx, flags, flags.server, { releaseName, chart, values: vals, kubeVersion });
  } catch (err) {
    if (err instanceof ReleaseActionError && err.release) {
      // A render failure inside install: Helm's hint, the partial manifest with --debug.
      if (!debug) throw new Error(`${err.message}\n\nUse --debug flag to render out invalid YAML`);
      installErr = err;
      partial = err.release.manifest;
    } else {
      const depFailure = 'chart dependencies processing failed: ';
      if (err instanceof Error && err.message.startsWith(depFailure)) {
        // Helm logs the failure before returning it.
        io.stderr(
          slogLine('ERROR', 'chart dependencies processing failed', {
            error: err.message.slice(depFailure.length),
          }),
        );
      }
      if (!(err instanceof ReleaseRenderError)) throw err;
      // Rudder's context for the error (beyond Helm) follows Helm's text, on stderr only.
      const context = err.context?.();
      const extra = context ? `\n\n${context}` : '';
      if (!debug) throw new Error(`${err.message}\n\nUse --debug flag to render out invalid YAML${extra}`);
      installErr = extra ? new Error(`${err.message}${extra}`) : err;
      partial = err.partialManifest;
    }
  }

  // With --output-dir Helm writes files while rendering and buffers nothing.
  const outDir = flags.outputDir
    ? flags.releaseName
      ? join(flags.outputDir, releaseName)
      : flags.outputDir
    : undefined;
  if (rel && flags.outputDir) {
    const written = new Set<string>();
    if (flags.includeCrds) {
      for (const crd of crdObjects(chart)) {
        writeToFile(flags.outputDir, crd.filename, utf8DecodeText(crd.data), written.has(crd.filename), io);
        written.add(crd.filename);
      }
    }
    for (const m of rel.manifests) {
      writeToFile(outDir!, m.name, m.content, written.has(m.name), io);
      written.add(m.name);
    }
  }
  const manifestText = rel ? (flags.outputDir ? '' : rel.manifest) : partial;
  let manifests = `${manifestText.trim()}\n`;
  if (rel && !flags.noHooks) {
    const written = new Set<string>();
    for (const h of rel.hooks) {
      if (flags.skipTests && h.events.includes('test')) continue;
      if (!outDir) manifests += `---\n# Source: ${h.path}\n${h.manifest}\n`;
      else {
        if (existsSync(join(outDir, h.path))) written.add(h.path);
        writeToFile(outDir, h.path, h.manifest, written.has(h.path), io);
      }
    }
  }

  if (flags.showOnly.length > 0) {
    const docs = splitManifests(manifests);
    const toRender: string[] = [];
    for (const f of flags.showOnly) {
      let missing = true;
      for (const manifest of docs) {
        const m = /# Source: [^/]+\/(.+)/.exec(manifest);
        if (!m) continue;
        let matched = false;
        try {
          matched = globMatch(f, m[1]!);
        } catch {
          matched = false;
        }
        if (!matched) continue;
        toRender.push(manifest);
        missing = false;
      }
      if (missing) {
        if (installErr && debug) throw installErr;
        throw new Error(`could not find template ${f} in chart`);
      }
    }
    for (const m of toRender) io.stdout(`---\n${m}\n`);
  } else {
    io.stdout(manifests);
  }
  if (installErr) throw installErr;
}

/**
 * helm template --dry-run=server / --validate: install's server dry run (capabilities from discovery,
 * live lookup, objects built and checked for ownership conflicts), its release printed as a render.
 */
async function serverDryRun(
  ctx: CliContext,
  flags: TemplateOptions,
  action: InstallActionFlags,
  r: { releaseName: string; chart: Chart; values: GoMap; kubeVersion: string | undefined },
): Promise<RenderedRelease> {
  const cancel = cancelOnSignal(ctx, r.releaseName);
  try {
    const env = await actionEnv(ctx, flags.namespace, cancel.signal, false);
    try {
      const rel = await install(
        {
          ...action,
          releaseName: r.releaseName,
          namespace: flags.namespace,
          chart: r.chart,
          values: r.values,
          replace: true,
          apiVersions: flags.apiVersions,
          isUpgrade: flags.isUpgrade,
          includeCrds: flags.includeCrds,
          ...(flags.postRender ? { postRender: flags.postRender } : {}),
        },
        env.ctx,
      );
      return {
        manifest: rel.manifest,
        hooks: (rel.hooks ?? []).map((h) => ({
          ...h,
          events: h.events ?? [],
          deletePolicies: h.delete_policies ?? [],
          outputLogPolicies: h.output_log_policies ?? [],
        })),
        manifests: [],
        notes: rel.info.notes,
      };
    } finally {
      await env.close();
    }
  } finally {
    cancel.dispose();
  }
}

/**
 * With --output-dir Helm writes the files while rendering and keeps no manifest, so its server dry
 * run builds and checks nothing: only the capabilities and `lookup` come from the cluster.
 */
async function serverRenderOnly(
  ctx: CliContext,
  flags: TemplateOptions,
  chart: Chart,
  values: GoMap,
  opts: ReleaseRenderOptions,
): Promise<RenderedRelease> {
  const cancel = cancelOnSignal(ctx, opts.releaseName);
  try {
    const env = await actionEnv(ctx, flags.namespace, cancel.signal, false);
    try {
      const client = requireClient(env.ctx);
      try {
        await client.checkReachable();
      } catch (e) {
        const msg = `cluster reachability check failed: ${(e as Error).message}`;
        env.ctx.log.error(msg);
        throw new Error(msg, { cause: e });
      }
      if (!(flags.server?.skipCrds ?? false) && crdObjects(chart).length > 0)
        env.ctx.log.warn(
          'This chart or one of its subcharts contains CRDs. Rendering may fail or contain inaccuracies.',
        );
      if (flags.apiVersions.length > 0)
        env.ctx.log.debug('API Version list given outside of client only mode, this list will be ignored');
      const capabilities = await clusterCapabilities(env.ctx);
      // Debug lines of the kept pass only; the post-renderer runs on that pass alone.
      let logs: [string, Record<string, string>, ('ERROR' | undefined)?][] = [];
      try {
        return await renderWithLookup(
          client,
          (lookup, final) => {
            logs = [];
            const pr = opts.postRender;
            return renderRelease(chart, values, {
              ...opts,
              capabilities,
              debug: (m, a) => logs.push([m, a]),
              render: { lookup },
              ...(pr ? { postRender: (files: Map<string, string>) => (final() ? pr(files) : files) } : {}),
            });
          },
          (m, a, level) => logs.push([m, a, level]),
        );
      } finally {
        for (const [m, a, level] of logs)
          if (level) env.ctx.log.error(m, a);
          else opts.debug?.(m, a);
      }
    } finally {
      await env.close();
    }
  } finally {
    cancel.dispose();
  }
}

function writeToFile(outputDir: string, name: string, data: string, append: boolean, io: CliIO): void {
  const file = `${outputDir}/${name}`;
  mkdirSync(dirname(file), { recursive: true });
  const text = `---\n# Source: ${name}\n${data}\n`;
  if (append) appendFileSync(file, outputBytes(text));
  else writeFileSync(file, outputBytes(text));
  io.stdout(`wrote ${file}\n`);
}
