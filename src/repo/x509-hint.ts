// Go's x509.UnknownAuthorityError names the candidate it tried: when a CA in the pool has the
// issuer's name but did not sign the certificate, the text gains `(possibly because of "<why>"
// while trying to verify candidate authority certificate "<name>")`. OpenSSL's error says none of
// that, so the server's chain is read again (a second handshake without verification, only on
// this failure) and the candidates are checked as Go's chain building checks them.
import { X509Certificate } from 'node:crypto';
import { connect } from 'node:tls';
import { isIP } from 'node:net';
import { pemCerts, systemRoots } from './system-roots.js';
import { hostnameError } from './tls.js';

export const UNKNOWN_AUTHORITY = 'x509: certificate signed by unknown authority';

/** The server's certificates, leaf first, as it sends them. */
function peerChain(host: string, port: number, servername: string): Promise<X509Certificate[]> {
  return new Promise((resolve) => {
    const s = connect({ host, port, servername, rejectUnauthorized: false }, () => {
      const out: X509Certificate[] = [];
      let c = s.getPeerCertificate(true);
      const seen = new Set<string>();
      while (c && c.raw && !seen.has(c.fingerprint256)) {
        seen.add(c.fingerprint256);
        out.push(new X509Certificate(c.raw));
        c = c.issuerCertificate;
      }
      s.end();
      resolve(out);
    });
    s.on('error', () => resolve([]));
    s.setTimeout(5000, () => {
      s.destroy();
      resolve([]);
    });
  });
}

/** CheckSignatureFrom's failure, or undefined when parent signed child. */
function signatureError(child: X509Certificate, parent: X509Certificate): string | undefined {
  if (!parent.ca) return 'x509: invalid signature: parent certificate cannot sign this kind of certificate';
  if (child.verify(parent.publicKey)) return undefined;
  switch (parent.publicKey.asymmetricKeyType) {
    case 'ec':
      return 'x509: ECDSA verification failure';
    case 'ed25519':
      return 'x509: Ed25519 verification failure';
    default:
      return 'crypto/rsa: verification error';
  }
}

/** UnknownAuthorityError's name of a certificate: CN, else the first O, else its serial. */
function certName(c: X509Certificate): string {
  const field = (k: string): string | undefined =>
    c.subject
      .split('\n')
      .find((l) => l.startsWith(`${k}=`))
      ?.slice(k.length + 1);
  return field('CN') || field('O') || `serial:${BigInt(`0x${c.serialNumber}`).toString()}`;
}

/** The first failing candidate on the way up from the leaf (roots first, then what the server sent). */
function hint(chain: X509Certificate[], roots: X509Certificate[]): string {
  const intermediates = chain.slice(1);
  let cert: X509Certificate | undefined = chain[0];
  for (let depth = 0; cert !== undefined && depth < 8; depth++) {
    const c = cert;
    let next: X509Certificate | undefined;
    for (const cand of [...roots, ...intermediates]) {
      if (cand.subject !== c.issuer || cand.fingerprint256 === c.fingerprint256) continue;
      const err = signatureError(c, cand);
      if (err !== undefined)
        return ` (possibly because of ${JSON.stringify(err)} while trying to verify candidate authority certificate ${JSON.stringify(certName(cand))})`;
      if (roots.includes(cand)) return '';
      next ??= cand;
    }
    cert = next;
  }
  return '';
}

/** Go's unknown-authority text for a server verified against the CA file, or the system's roots. */
export async function unknownAuthority(href: string, caFile: string | undefined): Promise<string> {
  const u = new URL(href);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const chain = await peerChain(host, Number(u.port || 443), /^[\d.]+$|:/.test(host) ? '' : host);
  if (chain.length === 0) return UNKNOWN_AUTHORITY;
  // crypto/x509 checks the host name before it builds a chain (OpenSSL the other way round).
  const leaf = chain[0]!;
  const matches = isIP(host) ? leaf.checkIP(host) : leaf.checkHost(host, { subject: 'never' });
  if (matches === undefined) return hostnameError(host, leaf.subjectAltName);
  return UNKNOWN_AUTHORITY + hint(chain, caFile ? pemCerts(caFile) : systemRoots());
}
