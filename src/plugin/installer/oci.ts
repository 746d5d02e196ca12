// Plugins from `oci://` references as Helm 4.3.2 pulls them (pkg/registry/plugin.go, the OCI getter
// with artifact type "plugin"): the manifest's artifactType (or, for older artifacts, its config
// media type) must be application/vnd.helm.plugin.v1+json; the layers titled `<name>-*.tgz` and
// `<name>-*.tgz.prov` are the archive and its provenance. The name is the repository's last segment.
import type { RegistryClient } from '../../registry/client.js';
import { parseOciReference, type OciReference } from '../../registry/reference.js';

export const PLUGIN_ARTIFACT_TYPE = 'application/vnd.helm.plugin.v1+json';
const TITLE = 'org.opencontainers.image.title';

/** GetPluginName: the last segment of the reference's repository. */
export function ociPluginName(source: string): { name: string; ref: OciReference } {
  let ref: OciReference;
  try {
    ref = parseOciReference(source);
  } catch (e) {
    throw new Error(`invalid OCI reference: ${(e as Error).message}`);
  }
  const name = ref.repository.split('/').pop() ?? '';
  if (name === '')
    throw new Error(`invalid OCI reference: cannot determine plugin name from repository ${ref.repository}`);
  return { name, ref };
}

interface Descriptor {
  mediaType?: string;
  digest: string;
  size?: number;
  annotations?: Record<string, string>;
}

interface Manifest {
  artifactType?: string;
  config?: Descriptor;
  layers?: Descriptor[];
}

/** PullPlugin: the plugin archive and, when the artifact carries one, its .prov. */
export async function pullPlugin(
  client: RegistryClient,
  ref: OciReference,
  name: string,
): Promise<{ archive: Buffer; prov?: Buffer }> {
  let m: { body: Buffer };
  try {
    m = await client.getManifest(ref.repository, ref.digest || ref.tag || 'latest');
  } catch (e) {
    // oras.Copy's CopyError for the root's resolution.
    throw new Error(`failed to perform "FetchReference" on source: ${(e as Error).message}`);
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(m.body.toString('utf8')) as Manifest;
  } catch (e) {
    throw new Error(`unable to parse manifest: ${(e as Error).message}`);
  }
  const at = manifest.artifactType ?? '';
  if (at !== '' && at !== PLUGIN_ARTIFACT_TYPE)
    throw new Error(`expected artifact type ${PLUGIN_ARTIFACT_TYPE}, got ${at}`);
  const cfg = manifest.config?.mediaType ?? '';
  if (at === '' && cfg !== PLUGIN_ARTIFACT_TYPE)
    throw new Error(
      `expected config media type ${PLUGIN_ARTIFACT_TYPE} for legacy compatibility, got ${cfg}`,
    );
  let tgz: Descriptor | undefined;
  let prov: Descriptor | undefined;
  for (const l of manifest.layers ?? []) {
    const title = l.annotations?.[TITLE];
    if (title === undefined || !title.startsWith(`${name}-`)) continue;
    if (!tgz && title.endsWith('.tgz')) tgz = l;
    if (!prov && title.endsWith('.tgz.prov')) prov = l;
  }
  if (!tgz) throw new Error(`required layer matching pattern ${name}-VERSION.tgz not found in manifest`);
  const archive = await client.getBlob(ref.repository, tgz.digest, tgz.size);
  const provData = prov ? await client.getBlob(ref.repository, prov.digest, prov.size) : undefined;
  return { archive, prov: provData };
}
