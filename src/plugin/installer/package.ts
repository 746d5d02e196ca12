// `plugin package` as Helm 4.3.2 builds the archive (internal/plugin/sign.go CreatePluginTarball):
// filepath.Walk order (lexical), tar.FileInfoHeader fields (permission bits, uid/gid and the names
// os/user finds for them, mtime rounded to the second), entries under `<name>/`, Go's gzip with
// no header fields — so the bytes match helm's for the same tree. The .prov's metadata block is
// the plugin.Metadata struct through sigs.k8s.io/yaml (Go field names, sorted keys).
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GzipWriter } from '../../compress/gzip.js';
import { TarWriter } from '../../compress/tar.js';
import type { Value } from '../../go/value.js';
import { marshalYaml, parseJson } from '../../yaml/index.js';
import type { Metadata, PlatformCommand } from '../metadata.js';
import { extismConfig } from '../wasm/runtime.js';

/** os/user's lookups from /etc/passwd and /etc/group ('' when absent, as FileInfoHeader leaves it). */
function idNames(file: string): Map<number, string> {
  const m = new Map<number, string>();
  try {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const f = line.split(':');
      if (f.length >= 3 && /^\d+$/.test(f[2]!) && !m.has(Number(f[2]))) m.set(Number(f[2]), f[0]!);
    }
  } catch {
    /* no names */
  }
  return m;
}

export function createPluginTarball(sourceDir: string, pluginName: string): Uint8Array {
  const gz = new GzipWriter({});
  const tw = new TarWriter((chunk) => gz.write(chunk));
  const users = idNames('/etc/passwd');
  const groups = idNames('/etc/group');
  const walk = (path: string, rel: string): void => {
    const st = lstatSync(path, { bigint: true });
    const isDir = st.isDirectory();
    const ns = st.mtimeNs;
    const sec = Number(ns / 1_000_000_000n) + (ns % 1_000_000_000n >= 500_000_000n ? 1 : 0);
    const mode = Number(st.mode);
    const uid = Number(st.uid);
    const gid = Number(st.gid);
    const body = st.isFile() ? readFileSync(path) : undefined;
    tw.writeHeader({
      name: rel === '' ? pluginName : `${pluginName}/${rel}`,
      // Permission bits plus setuid/setgid/sticky, as FileInfoHeader keeps them.
      mode: mode & 0o7777,
      size: body ? body.length : 0,
      mtime: sec,
      type: isDir ? '5' : st.isSymbolicLink() ? '2' : '0',
      uid,
      gid,
      uname: users.get(uid) ?? '',
      gname: groups.get(gid) ?? '',
    });
    if (body) tw.write(body);
    if (isDir) for (const e of readdirSync(path).sort()) walk(join(path, e), rel === '' ? e : `${rel}/${e}`);
  };
  walk(sourceDir, '');
  tw.close();
  return gz.close();
}

const cmds = (l: PlatformCommand[] | undefined): unknown =>
  l === undefined || l.length === 0
    ? null
    : l.map((c) => ({
        OperatingSystem: c.os,
        Architecture: c.arch,
        Command: c.command,
        Args: c.args.length === 0 ? null : c.args,
      }));

/** The plugin.Metadata value json.Marshal sees (Go field names; nil slices as null). */
function metadataJson(m: Metadata): Record<string, unknown> {
  let config: unknown = null;
  const c = m.config;
  if (c?.kind === 'cli/v1')
    config = { Usage: c.usage, ShortHelp: c.shortHelp, LongHelp: c.longHelp, IgnoreFlags: c.ignoreFlags };
  else if (c?.kind === 'getter/v1') config = { Protocols: c.protocols.length === 0 ? null : c.protocols };
  else if (c) config = {};
  let rc: unknown = null;
  const r = m.runtimeConfig;
  if (r?.kind === 'subprocess') {
    const hooks =
      Object.keys(r.platformHooks).length === 0
        ? null
        : Object.fromEntries(Object.entries(r.platformHooks).map(([k, v]) => [k, cmds(v)]));
    rc = {
      PlatformCommand: cmds(r.platformCommand),
      PlatformHooks: hooks,
      ProtocolCommands:
        r.protocolCommands.length === 0
          ? null
          : r.protocolCommands.map((p) => ({
              Protocols: p.protocols,
              PlatformCommand: cmds(p.platformCommand),
            })),
    };
  } else if (r?.kind === 'extism/v1') {
    // RuntimeConfigExtismV1 as json.Marshal writes it: every field, Go names, nil as null.
    const raw = r.raw;
    const c = extismConfig(raw);
    const present = (v: unknown): boolean => v !== null && v !== undefined;
    rc = {
      Memory: {
        MaxPages: c.maxPages,
        MaxHTTPResponseBytes: c.maxHttpResponseBytes,
        MaxVarBytes: c.maxVarBytes,
      },
      Config: present(raw.config) ? c.config : null,
      AllowedHosts: present(raw.allowedHosts) ? c.allowedHosts : null,
      FileSystem: { CreateTempDir: c.createTempDir },
      Timeout: c.timeoutMs,
      HostFunctions: present(raw.hostFunctions) ? c.hostFunctions : null,
      EntryFuncName: c.entryFuncName,
    };
  } else if (r) rc = (r as { raw?: unknown }).raw ?? null;
  return {
    APIVersion: m.apiVersion,
    Name: m.name,
    Type: m.type,
    Runtime: m.runtime,
    Version: m.version,
    SourceURL: m.sourceURL,
    Config: config,
    RuntimeConfig: rc,
  };
}

export function marshalPluginMetadata(m: Metadata): string {
  return marshalYaml(parseJson(JSON.stringify(metadataJson(m))) as Value);
}
