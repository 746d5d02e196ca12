// The setting both repository --verify suites share: a GnuPG home with a repository signer
// (rsa2048) and a stranger (ed25519), their keyrings exported apart, an empty repository
// directory, and helm/rudder run asynchronously (the repository server lives in the test process).
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, helm, rudder, type RunResult } from '../repo/support.js';
import { GnuPG } from './gpg.js';

export interface SignedRepoSetting {
  work: string;
  gpg: GnuPG;
  /** The signer's keyrings (sec for packaging, pub for verifying). */
  ring: ReturnType<GnuPG['exportTo']>;
  /** The stranger's keyrings: a signature it cannot verify. */
  stranger: ReturnType<GnuPG['exportTo']>;
  repoDir: string;
  run: (
    bin: 'helm' | 'rudder',
    args: string[],
    env: Record<string, string>,
    cwd: string,
  ) => Promise<RunResult>;
  hEnv: Record<string, string>;
  rEnv: Record<string, string>;
}

export function signedRepoSetting(prefix: string): SignedRepoSetting {
  const work = mkdtempSync(join(tmpdir(), prefix));
  const gpg = new GnuPG();
  gpg.generate({ uid: 'Repo Signer <repo@example.com>', algo: 'rsa2048' });
  gpg.generate({ uid: 'Stranger <stranger@example.com>', algo: 'ed25519' });
  const ring = gpg.exportTo(work, ['Repo Signer']);
  const strangerDir = join(work, 'stranger');
  mkdirSync(strangerDir);
  const stranger = gpg.exportTo(strangerDir, ['Stranger']);
  const repoDir = join(work, 'repo');
  mkdirSync(repoDir);
  const base = { SOURCE_DATE_EPOCH: '1700000000' };
  return {
    work,
    gpg,
    ring,
    stranger,
    repoDir,
    run: (bin, args, env, cwd) => (bin === 'helm' ? helm(args, env, cwd) : rudder(args, env, cwd)),
    hEnv: cleanEnv(base),
    rEnv: cleanEnv(base),
  };
}
