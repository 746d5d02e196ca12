// crypto/x509's Linux system roots, which helm trusts when no --ca-file is given: SSL_CERT_FILE or
// the first bundle file found, then every file of SSL_CERT_DIR (or the usual folders). Node would
// use its own bundled roots instead and miss a CA the machine's administrator added.
import { X509Certificate } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const CERT_FILES = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/ca-bundle.pem',
  '/etc/pki/tls/cacert.pem',
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem',
  '/etc/ssl/cert.pem',
];
const CERT_DIRS = ['/etc/ssl/certs', '/etc/pki/tls/certs'];

const PEM = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** The certificate blocks of a PEM file ([] when unreadable). */
function pemBlocks(file: string): string[] {
  try {
    return readFileSync(file, 'latin1').match(PEM) ?? [];
  } catch {
    return [];
  }
}

/** Every certificate of a PEM file (AppendCertsFromPEM's pool; unparsable blocks skipped). */
export function pemCerts(file: string): X509Certificate[] {
  return parsed(pemBlocks(file));
}

function parsed(blocks: readonly string[]): X509Certificate[] {
  const out: X509Certificate[] = [];
  for (const b of blocks) {
    try {
      out.push(new X509Certificate(b));
    } catch {
      /* skipped, as Go skips it */
    }
  }
  return out;
}

const cache = new Map<string, string[]>();

/** The system roots as PEM blocks, each once (read once per process and environment). */
export function systemRootPems(env: NodeJS.ProcessEnv = process.env): string[] {
  const key = `${env.SSL_CERT_FILE ?? '\0'}\n${env.SSL_CERT_DIR ?? '\0'}`;
  const known = cache.get(key);
  if (known !== undefined) return known;
  const seen = new Set<string>();
  const files = env.SSL_CERT_FILE ? [env.SSL_CERT_FILE] : CERT_FILES;
  for (const f of files) {
    const blocks = pemBlocks(f);
    if (blocks.length > 0 || existsSync(f)) {
      for (const b of blocks) seen.add(b);
      break;
    }
  }
  for (const d of env.SSL_CERT_DIR !== undefined ? env.SSL_CERT_DIR.split(':') : CERT_DIRS) {
    let names: string[];
    try {
      names = readdirSync(d).sort();
    } catch {
      continue;
    }
    for (const n of names) for (const b of pemBlocks(join(d, n))) seen.add(b);
  }
  const out = [...seen];
  cache.set(key, out);
  return out;
}

/** The system roots, parsed. */
export function systemRoots(env: NodeJS.ProcessEnv = process.env): X509Certificate[] {
  return parsed(systemRootPems(env));
}
