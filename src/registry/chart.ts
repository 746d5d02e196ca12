// Helm charts as OCI artifacts (pkg/registry/client.go Push/Pull, chart.go, ValidateReference):
// the manifest, config and layer media types and annotations exactly as helm writes them, so the
// same archive gives the same manifest digest; pulls resolve tags and versions as helm does and
// check every digest.
import { GoList, GoMap, type Value } from '../go/value.js';
import { marshalJson, quoteJsonString } from '../yaml/json.js';
import { loadArchive } from '../chart/loader.js';
import type { Metadata } from '../chart/chart.js';
import { metadataJson } from '../chart/metadata-json.js';
import { checkConstraint, compareVersions, newConstraint, newVersion } from '../funcs/semver.js';
import {
  MANIFEST_MEDIA_TYPE,
  RegistryClient,
  RegistryError,
  sha256Digest,
  INDEX_MEDIA_TYPE,
} from './client.js';
import {
  checkOciChartURL,
  getterReference,
  parseOrasReference,
  referenceString,
  validatedReference,
  type OciReference,
} from './reference.js';

export const CONFIG_MEDIA_TYPE = 'application/vnd.cncf.helm.config.v1+json';
export const CHART_LAYER_MEDIA_TYPE = 'application/vnd.cncf.helm.chart.content.v1.tar+gzip';
export const LEGACY_CHART_LAYER_MEDIA_TYPE = 'application/tar+gzip';
export const PROV_LAYER_MEDIA_TYPE = 'application/vnd.cncf.helm.chart.provenance.v1.prov';

export const REGISTRY_UNDERSCORE_MESSAGE = `
OCI artifact references (e.g. tags) do not support the plus sign (+). To support
storing semantic versions, Helm adopts the convention of changing plus (+) to
an underscore (_) in chart version tags when pushing to a registry and back to
a plus (+) when pulling from a registry.`;

/** json.Marshal of a tree whose maps are already in Go's struct-field order. */
function compactOrderedJson(v: Value): string {
  if (v instanceof GoList) return `[${v.items.map(compactOrderedJson).join(',')}]`;
  if (v instanceof GoMap) {
    return `{${[...v.entries].map(([k, x]) => `${quoteJsonString(k, true)}:${compactOrderedJson(x)}`).join(',')}}`;
  }
  return marshalJson(v);
}

interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
}

const descriptorJson = (d: Descriptor): string =>
  `{"mediaType":${quoteJsonString(d.mediaType, true)},"digest":${quoteJsonString(d.digest, true)},"size":${d.size}}`;

/** time.Time.Format(time.RFC3339) in the local zone (helm uses the archive's modification time). */
export function rfc3339Local(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  const zone =
    off === 0 ? 'Z' : `${off > 0 ? '+' : '-'}${p(Math.floor(Math.abs(off) / 60))}:${p(Math.abs(off) % 60)}`;
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}${zone}`;
}

/** generateOCIAnnotations: the OCI keys from the metadata, then every chart annotation but title/version. */
export function ociAnnotations(md: Metadata, created: string): Map<string, string> {
  const a = new Map<string, string>();
  const add = (k: string, v: string | undefined): void => {
    if (v !== undefined && v.trim() !== '') a.set(k, v);
  };
  add('org.opencontainers.image.description', md.description);
  add('org.opencontainers.image.title', md.name);
  add('org.opencontainers.image.version', md.version);
  add('org.opencontainers.image.url', md.home);
  add('org.opencontainers.image.created', created);
  if (md.sources && md.sources.length > 0) add('org.opencontainers.image.source', md.sources[0]);
  if (md.maintainers && md.maintainers.length > 0) {
    const s = md.maintainers.map((m) => `${m?.name ?? ''}${m?.email ? ` (${m.email})` : ''}`).join(', ');
    add('org.opencontainers.image.authors', s);
  }
  for (const [k, v] of Object.entries(md.annotations ?? {})) {
    if (k === 'org.opencontainers.image.version' || k === 'org.opencontainers.image.title') continue;
    a.set(k, v);
  }
  return a;
}

export interface ChartArtifact {
  metadata: Metadata;
  config: Buffer;
  manifest: Buffer;
  manifestDigest: string;
  layers: { desc: Descriptor; data: Uint8Array }[];
  configDesc: Descriptor;
}

/** The manifest helm would push for these archive bytes (and optional provenance). */
export function buildChartArtifact(archive: Uint8Array, created: string, prov?: Uint8Array): ChartArtifact {
  const metadata = loadArchive(archive).metadata;
  const config = Buffer.from(compactOrderedJson(new GoMap(metadataJson(metadata))), 'utf8');
  const configDesc: Descriptor = {
    mediaType: CONFIG_MEDIA_TYPE,
    digest: sha256Digest(config),
    size: config.length,
  };
  const layers = [
    {
      desc: { mediaType: CHART_LAYER_MEDIA_TYPE, digest: sha256Digest(archive), size: archive.length },
      data: archive,
    },
  ];
  if (prov)
    layers.push({
      desc: { mediaType: PROV_LAYER_MEDIA_TYPE, digest: sha256Digest(prov), size: prov.length },
      data: prov,
    });
  layers.sort((x, y) => (x.desc.digest < y.desc.digest ? -1 : x.desc.digest > y.desc.digest ? 1 : 0));
  const ann = [...ociAnnotations(metadata, created)].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  let json = `{"schemaVersion":2,"config":${descriptorJson(configDesc)},"layers":[${layers.map((l) => descriptorJson(l.desc)).join(',')}]`;
  if (ann.length > 0) {
    json += `,"annotations":{${ann.map(([k, v]) => `${quoteJsonString(k, true)}:${quoteJsonString(v, true)}`).join(',')}}`;
  }
  json += '}';
  const manifest = Buffer.from(json, 'utf8');
  return { metadata, config, configDesc, layers, manifest, manifestDigest: sha256Digest(manifest) };
}

export interface PushResult {
  ref: string;
  digest: string;
}

/** Client.Push: blobs (HEAD, then POST+PUT when missing), then the manifest under the tag. */
export async function pushChart(
  client: RegistryClient,
  ref: OciReference,
  art: ChartArtifact,
  strict = true,
): Promise<PushResult> {
  const md = art.metadata;
  const refString = referenceString(ref);
  if (
    strict &&
    !`${ref.registry}/${ref.repository}:${ref.tag}`.endsWith(`/${md.name}:${md.version.replaceAll('+', '_')}`)
  ) {
    throw new Error('strict mode enabled, ref basename and tag must match the chart name and version');
  }
  // ExtendedCopy first asks whether the manifest is already there.
  try {
    await client.request('HEAD', `/v2/${ref.repository}/manifests/${art.manifestDigest}`, {
      scopes: [`repository:${ref.repository}:pull,push`],
    });
  } catch (err) {
    throw new Error(`failed to perform "Exists" on destination: ${(err as Error).message}`);
  }
  for (const l of art.layers) await client.pushBlob(ref.repository, l.data);
  await client.pushBlob(ref.repository, art.config);
  await client.pushManifest(ref.repository, ref.tag, art.manifest, MANIFEST_MEDIA_TYPE);
  return { ref: refString, digest: art.manifestDigest };
}

export interface PullResult {
  /** What helm prints after `Pulled:`. */
  ref: string;
  manifestDigest: string;
  chart: Buffer;
  chartDigest: string;
  prov?: Buffer;
  metadata: { name?: string; version?: string };
  warnings: string[];
}

/**
 * ValidateReference: the tag (or digest) to fetch for a reference and a --version. Returns the
 * reference to pull and, for tag+digest, the digest the tag must resolve to.
 */
export async function resolveChartReference(
  client: RegistryClient,
  raw: string,
  version: string,
): Promise<OciReference & { cacheDigest?: string }> {
  const u = checkOciChartURL(raw);
  const r = validatedReference(u);
  if (version === '') version = r.tag;
  else if (r.tag !== '' && r.tag !== version) {
    throw new Error(`chart reference and version mismatch: ${version} is not ${r.tag}`);
  }
  if (r.digest !== '') {
    // Install by digest only: the URL as given.
    if (version === '') return getterReference(u, u.path);
    const byDigest = getterReference(u, `${r.repository}@${r.digest}`);
    let resolved: string | undefined;
    try {
      resolved = await client.resolveManifest(r.repository, version.replaceAll('+', '_'));
    } catch {
      return byDigest;
    }
    if (resolved !== r.digest)
      throw new Error(`chart reference digest mismatch: ${resolved} is not ${r.digest}`);
    // A verified tag+digest: helm's downloader keys its content cache by this digest.
    return { ...byDigest, cacheDigest: r.digest };
  }
  let exact = false;
  try {
    newVersion(version);
    exact = version !== '';
  } catch {
    exact = false;
  }
  if (exact) return getterReference(u, `${r.repository}:${version}`);
  // Client.Tags parses the raw reference again with oras alone: a `+` in its tag, or user info
  // before the host, is invalid there.
  parseOrasReference(raw.startsWith('oci://') ? raw.slice(6) : raw);
  const tags = (await client.tags(r.repository)).map((t) => t.replaceAll('_', '+'));
  const strictSemver = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
  const versions = tags
    .filter((t) => strictSemver.test(t))
    .map((t) => ({ t, v: newVersion(t) }))
    .sort((a, b) => compareVersions(b.v, a.v));
  if (versions.length === 0) throw new Error(`unable to locate any tags in provided repository: ${raw}`);
  if (version !== '') {
    const hit = versions.find((x) => x.t === version);
    if (hit) return getterReference(u, `${r.repository}:${hit.t}`);
  }
  const c = newConstraint(version === '' ? '*' : version);
  const hit = versions.find((x) => checkConstraint(c, x.v));
  if (!hit) throw new Error(`could not locate a version matching provided version string ${version}`);
  return getterReference(u, `${r.repository}:${hit.t}`);
}

/** Client.Pull: the manifest (digest checked), the config and the chart layer (and prov when asked). */
export async function pullChart(
  client: RegistryClient,
  ref: OciReference,
  withProv = false,
  /** Where helm's client writes as it goes (the deprecation warning comes before any failure). */
  emit?: (s: string) => void,
): Promise<PullResult> {
  const target = ref.digest !== '' ? ref.digest : ref.tag;
  const refString = referenceString(ref);
  let m;
  try {
    m = await client.getManifest(ref.repository, target);
  } catch (err) {
    if (err instanceof RegistryError) {
      throw new Error(`failed to perform "FetchReference" on source: ${err.message}`);
    }
    throw err;
  }
  if (ref.digest !== '' && m.digest !== ref.digest) {
    throw new Error(`${refString}: manifest digest ${m.digest} does not match ${ref.digest}`);
  }
  const manifest = JSON.parse(m.body.toString('utf8')) as {
    mediaType?: string;
    config?: Descriptor;
    layers?: Descriptor[];
  };
  if (m.mediaType === INDEX_MEDIA_TYPE || manifest.mediaType === INDEX_MEDIA_TYPE) {
    throw new Error(`${refString}: image indexes are not supported for charts`);
  }
  const warnings: string[] = [];
  // processChartPull: the allowed descriptors (the manifest itself, the helm config, chart layers
  // and, when asked, the prov layer) must number at least config + chart.
  const cfg = manifest.config;
  const layers = Array.isArray(manifest.layers) ? manifest.layers : [];
  const allowed = new Set([CHART_LAYER_MEDIA_TYPE, LEGACY_CHART_LAYER_MEDIA_TYPE]);
  if (withProv) allowed.add(PROV_LAYER_MEDIA_TYPE);
  const found =
    1 +
    (cfg?.mediaType === CONFIG_MEDIA_TYPE ? 1 : 0) +
    layers.filter((l) => allowed.has(l?.mediaType)).length;
  if (found < 2) {
    throw new Error(
      `manifest does not contain minimum number of descriptors (2), descriptors found: ${found}`,
    );
  }
  let chartDesc: Descriptor | undefined;
  let provDesc: Descriptor | undefined;
  for (const l of layers) {
    if (l?.mediaType === CHART_LAYER_MEDIA_TYPE) chartDesc = l;
    else if (l?.mediaType === LEGACY_CHART_LAYER_MEDIA_TYPE) {
      chartDesc = l;
      warnings.push(`Warning: chart media type ${LEGACY_CHART_LAYER_MEDIA_TYPE} is deprecated\n`);
      emit?.(`Warning: chart media type ${LEGACY_CHART_LAYER_MEDIA_TYPE} is deprecated\n`);
    } else if (l?.mediaType === PROV_LAYER_MEDIA_TYPE) provDesc = l;
  }
  if (!cfg || cfg.mediaType !== CONFIG_MEDIA_TYPE) {
    throw new Error(`could not load config with mediatype ${CONFIG_MEDIA_TYPE}`);
  }
  if (!chartDesc) {
    throw new Error(`manifest does not contain a layer with mediatype ${CHART_LAYER_MEDIA_TYPE}`);
  }
  const config = await client.getBlob(ref.repository, cfg.digest, cfg.size);
  const chart = await client.getBlob(ref.repository, chartDesc.digest, chartDesc.size);
  let prov: Buffer | undefined;
  if (withProv && provDesc) prov = await client.getBlob(ref.repository, provDesc.digest, provDesc.size);
  const metadata = JSON.parse(config.toString('utf8')) as { name?: string; version?: string };
  return {
    ref: refString,
    manifestDigest: m.digest,
    chart,
    chartDigest: chartDesc.digest,
    prov,
    metadata,
    warnings,
  };
}

export function pulledLines(r: PullResult): string {
  let s = `Pulled: ${r.ref}\nDigest: ${r.manifestDigest}\n`;
  if (r.ref.includes('_')) s += `${r.ref} contains an underscore.\n${REGISTRY_UNDERSCORE_MESSAGE}\n`;
  return s;
}
