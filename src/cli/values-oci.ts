// `-f oci://…` / `--set-file k=oci://…`: pkg/cli/values hands the source to getter.All's OCI
// getter with only the URL, so helm pulls it as a chart (or, for a `.prov` suffix, only its
// provenance layer) over HTTPS with a default registry client: no --plain-http, --ca-file or
// --username apply, the login comes from HELM_CONFIG_HOME's registry/config.json (not
// HELM_REGISTRY_CONFIG), and nothing is printed. The bytes are then parsed as values, which a
// real chart archive never is.
import type { CliContext } from './context.js';
import { CONFIG_MEDIA_TYPE, PROV_LAYER_MEDIA_TYPE, pullChart } from '../registry/chart.js';
import { RegistryClient, RegistryError } from '../registry/client.js';
import { lookupCredential } from '../registry/credentials.js';
import { parseOciReference, type OciReference } from '../registry/reference.js';

interface Descriptor {
  mediaType?: string;
  digest: string;
  size?: number;
}

/** Client.Pull with PullOptWithChart(false), PullOptWithProv(true): the prov layer alone. */
async function pullProv(client: RegistryClient, ref: OciReference): Promise<Buffer> {
  let m;
  try {
    m = await client.getManifest(ref.repository, ref.tag !== '' ? ref.tag : ref.digest);
  } catch (err) {
    if (err instanceof RegistryError)
      throw new Error(`failed to perform "FetchReference" on source: ${err.message}`);
    throw err;
  }
  const manifest = JSON.parse(m.body.toString('utf8')) as { config?: Descriptor; layers?: Descriptor[] };
  const layers = Array.isArray(manifest.layers) ? manifest.layers : [];
  const cfg = manifest.config?.mediaType === CONFIG_MEDIA_TYPE ? manifest.config : undefined;
  const prov = layers.find((l) => l?.mediaType === PROV_LAYER_MEDIA_TYPE);
  // processChartPull: config + prov expected; the manifest itself is one of the descriptors found.
  const found = 1 + (cfg ? 1 : 0) + layers.filter((l) => l?.mediaType === PROV_LAYER_MEDIA_TYPE).length;
  if (found < 2)
    throw new Error(
      `manifest does not contain minimum number of descriptors (2), descriptors found: ${found}`,
    );
  if (!cfg) throw new Error(`could not load config with mediatype ${CONFIG_MEDIA_TYPE}`);
  if (!prov) throw new Error(`manifest does not contain a layer with mediatype ${PROV_LAYER_MEDIA_TYPE}`);
  await client.getBlob(ref.repository, cfg.digest, cfg.size);
  return client.getBlob(ref.repository, prov.digest, prov.size);
}

/** OCIGetter.Get(href) as pkg/cli/values calls it. */
export async function readOciValues(cli: CliContext, href: string): Promise<Buffer> {
  let raw = href.slice('oci://'.length);
  const wantsProv = raw.endsWith('.prov');
  if (wantsProv) raw = raw.slice(0, -'.prov'.length);
  const parsed = parseOciReference(raw);
  // reference.String() keeps the tag when there is one: a digest after it is not used.
  const ref = parsed.tag !== '' ? { ...parsed, digest: '' } : parsed;
  if (ref.tag === '' && ref.digest === '')
    throw new Error('failed to perform "FetchReference" on source: invalid reference');
  const file = cli.settings.paths.configPath('registry/config.json');
  const env = cli.io.env as Record<string, string | undefined>;
  const client = new RegistryClient(ref.registry, {
    credential: () => lookupCredential(file, ref.registry, env),
  });
  if (wantsProv) return pullProv(client, ref);
  return (await pullChart(client, ref)).chart;
}
