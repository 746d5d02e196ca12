// The three plugin types on the extism/v1 runtime, with Helm's messages (internal/plugin/schema)
// and Helm's errors around them. Post-renderers exchange the manifests as a JSON string both
// ways, which is what Helm means to send; Helm 4.3.2 itself sends `{}` (see src/plugin/README.md).
import { quote as goQuote } from '../../go/strconv/format.js';
import type { Plugin } from '../loader.js';
import { ExtismPluginError, invokeExtism } from './runtime.js';

export type DebugLog = (msg: string, attrs: Record<string, string>) => void;

/** postrenderer/v1: `{"manifests": "<YAML>", "extraArgs": [...]}` in, `{"manifests": "<YAML>"}` out. */
export function runPostRendererWasm(
  p: Plugin,
  manifests: string,
  extraArgs: string[],
  debug?: DebugLog,
): string {
  const out = invokeExtism(p, { manifests, extraArgs }, { debug });
  const m = (out as { manifests?: unknown } | null)?.manifests;
  if (m === undefined || m === null || typeof m === 'object') return ''; // Helm's `{}`: nothing
  if (typeof m !== 'string')
    throw new ExtismPluginError(
      `failed to json marshal plugin output message: plugin ${goQuote(p.metadata.name)}: ` +
        `"manifests" must be a string of YAML, got ${typeof m}`,
    );
  return m;
}

/** The getter options as Helm sends them: Go field names, Timeout in nanoseconds. */
export interface GetterOptionsV1 {
  URL: string;
  CertFile: string;
  KeyFile: string;
  CAFile: string;
  UNTar: boolean;
  InsecureSkipVerifyTLS: boolean;
  PlainHTTP: boolean;
  AcceptHeader: string;
  Username: string;
  Password: string;
  PassCredentialsAll: boolean;
  UserAgent: string;
  Version: string;
  Timeout: number;
}

export const emptyGetterOptions = (): GetterOptionsV1 => ({
  URL: '',
  CertFile: '',
  KeyFile: '',
  CAFile: '',
  UNTar: false,
  InsecureSkipVerifyTLS: false,
  PlainHTTP: false,
  AcceptHeader: '',
  Username: '',
  Password: '',
  PassCredentialsAll: false,
  UserAgent: '',
  Version: '',
  Timeout: 0,
});

/** getter/v1: `{"href","protocol","options"}` in, `{"data": "<base64>"}` out. */
export function runGetterWasm(
  p: Plugin,
  href: string,
  options: GetterOptionsV1,
  env: Map<string, string>,
  debug?: DebugLog,
): Buffer {
  let protocol = '';
  try {
    protocol = new URL(href).protocol.replace(/:$/, '');
  } catch {
    protocol = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(href)?.[1] ?? '';
  }
  const out = invokeExtism(p, { href, protocol, options }, { env, debug });
  const data = (out as { data?: unknown } | null)?.data;
  if (data === undefined || data === null) return Buffer.alloc(0);
  if (typeof data !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(data) || data.length % 4 !== 0)
    throw new ExtismPluginError(
      `failed to json marshal plugin output message: plugin ${goQuote(p.metadata.name)}: ` +
        `"data" must be base64 text`,
    );
  return Buffer.from(data, 'base64');
}

/** cli/v1: `{"extraArgs": [...]}` in, any JSON out; the terminal's streams and Helm's environment. */
export function runCLIWasm(p: Plugin, extraArgs: string[], env: Map<string, string>, debug?: DebugLog): void {
  invokeExtism(p, { extraArgs }, { env, stdio: [0, 1, 2], debug });
}
