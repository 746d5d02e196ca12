// Chart-level provenance as `helm package --sign` does it (pkg/action/package.go Clearsign): the
// keyring entity named by --key, its passphrase, the archive's Chart.yaml metadata as Helm
// marshals it, and the .prov written next to the archive.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { loadArchive } from '../chart/loader.js';
import { marshalChartfile } from '../chart/save.js';
import { clearSign, decryptKey, newFromKeyring, type Signatory } from './provenance.js';
import { readPassphraseSource } from './passphrase.js';

export interface SignOptions {
  key: string;
  keyring: string;
  /** --passphrase-file: a path, or "-" for stdin (which must be a pipe). */
  passphraseFile: string;
  /** Called with helm's prompt when the key is protected and no passphrase file is given. */
  prompt: (text: string) => void;
  /** The passphrase read once and reused for every chart of one `package` run. */
  cache?: { passphrase?: Uint8Array };
}

/** The first line of the passphrase file (bufio ReadLine: without its line ending). */
function readPassphraseFile(file: string): Uint8Array {
  const all = readPassphraseSource(file, { firstLine: true, limit: 1 << 20 });
  if (all.length === 0) throw new Error('EOF');
  let end = all.indexOf(10);
  if (end < 0) end = all.length;
  if (end > 0 && all[end - 1] === 13) end--;
  return all.subarray(0, end);
}

/**
 * The signer for --key in --keyring, its key unlocked: NewFromKeyring, the passphrase fetcher
 * (--passphrase-file, else helm's terminal prompt), DecryptKey. Plugin signing uses it too.
 */
export function prepareSigner(opts: SignOptions): Signatory {
  const signer = newFromKeyring(opts.keyring, opts.key);
  let fetch: (name: string) => Uint8Array;
  if (opts.passphraseFile !== '') {
    const cache = opts.cache ?? {};
    cache.passphrase ??= readPassphraseFile(opts.passphraseFile);
    const p = cache.passphrase;
    fetch = () => p;
  } else {
    fetch = (name) => {
      opts.prompt(`Password for key ${JSON.stringify(name)} >  `);
      // term.ReadPassword needs a terminal; Rudder never reads a passphrase from one.
      throw new Error('inappropriate ioctl for device');
    };
  }
  decryptKey(signer, fetch);
  return signer;
}

/** Signs the chart archive at `archivePath`, writing `<archive>.prov`. */
export function signChart(archivePath: string, opts: SignOptions): void {
  const signer = prepareSigner(opts);
  const archive = readFileSync(archivePath);
  let metadataYaml: string;
  try {
    metadataYaml = marshalChartfile(loadArchive(archive).metadata);
  } catch (e) {
    throw new Error(`failed to load chart for signing: ${(e as Error).message}`);
  }
  const prov = clearSign(signer, archive, basename(archivePath), metadataYaml);
  writeFileSync(`${archivePath}.prov`, prov, { mode: 0o644 });
}
