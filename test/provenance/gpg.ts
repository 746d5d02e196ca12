// Real GnuPG for the provenance tests: keys generated in a throw-away GNUPGHOME, exported to the
// legacy keyring files Helm reads (pubring.gpg, secring.gpg) and to armor.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PASSPHRASE = 's3cret pass';

export interface KeySpec {
  uid: string;
  algo: string;
  passphrase?: string;
  /** Generate with a faked clock (gpg's --faked-system-time), for expired keys. */
  fakedTime?: string;
  expire?: string;
}

export class GnuPG {
  readonly home = mkdtempSync(join(tmpdir(), 'prov-gnupg-'));

  constructor() {
    // gpg starts an agent per home that outlives the test process unless told to stop.
    const home = this.home;
    process.once('exit', () => {
      spawnSync('gpgconf', ['--kill', 'gpg-agent'], { env: { ...process.env, GNUPGHOME: home } });
    });
  }

  run(args: string[], input?: string): { stdout: Buffer; stderr: string; code: number } {
    const r = spawnSync('gpg', ['--batch', '--no-tty', ...args], {
      env: { ...process.env, GNUPGHOME: this.home },
      input,
      maxBuffer: 64 << 20,
    });
    if (r.error)
      throw new Error(`gpg is needed for the provenance tests (Debian package gnupg): ${r.error.message}`);
    return { stdout: r.stdout, stderr: r.stderr.toString(), code: r.status ?? -1 };
  }

  must(args: string[], input?: string): Buffer {
    const r = this.run(args, input);
    if (r.code !== 0) throw new Error(`gpg ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  }

  generate(k: KeySpec): void {
    const pre = k.fakedTime ? ['--faked-system-time', k.fakedTime] : [];
    this.must([
      ...pre,
      '--pinentry-mode',
      'loopback',
      '--passphrase',
      k.passphrase ?? '',
      '--quick-gen-key',
      k.uid,
      k.algo,
      'sign',
      k.expire ?? 'never',
    ]);
  }

  /** Writes pubring.gpg, secring.gpg (protected keys stay protected) and pub.asc into `dir`. */
  exportTo(dir: string, uids?: string[]): { pub: string; sec: string; asc: string } {
    const pub = join(dir, 'pubring.gpg');
    const sec = join(dir, 'secring.gpg');
    const asc = join(dir, 'pub.asc');
    const sel = uids ?? [];
    writeFileSync(pub, this.must(['--export', ...sel]));
    writeFileSync(asc, this.must(['--armor', '--export', ...sel]));
    writeFileSync(
      sec,
      this.must(['--pinentry-mode', 'loopback', '--passphrase', PASSPHRASE, '--export-secret-keys', ...sel]),
    );
    return { pub, sec, asc };
  }
}
