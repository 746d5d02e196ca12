// The two version grammars of Masterminds/semver v3 the lint rules use: NewVersion (loose:
// optional `v`, missing minor/patch) and StrictNewVersion (SemVer 2.0.0 exactly).

export interface LooseVersion {
  major: bigint;
  minor: bigint;
  patch: bigint;
  prerelease: string;
  /** The normalised text (Version.String()). */
  text: string;
}

const LOOSE =
  /^v?([0-9]+)(?:\.([0-9]+))?(?:\.([0-9]+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;
const NUM = /^(0|[1-9][0-9]*)$/;
const IDENT = /^[0-9A-Za-z-]+$/;

const badPrerelease = (pre: string): boolean =>
  pre.split('.').some((p) => /^[0-9]+$/.test(p) && p.length > 1 && p.startsWith('0'));

/** semver.NewVersion; undefined when it would fail. */
export function parseLooseSemver(v: string): LooseVersion | undefined {
  const m = LOOSE.exec(v);
  if (!m) return undefined;
  const pre = m[4] ?? '';
  if (pre && badPrerelease(pre)) return undefined;
  const major = BigInt(m[1]!);
  const minor = BigInt(m[2] ?? '0');
  const patch = BigInt(m[3] ?? '0');
  if (major > 0xffffffffffffffffn || minor > 0xffffffffffffffffn || patch > 0xffffffffffffffffn)
    return undefined;
  let text = `${major}.${minor}.${patch}`;
  if (pre) text += `-${pre}`;
  if (m[5]) text += `+${m[5]}`;
  return { major, minor, patch, prerelease: pre, text };
}

/** semver.StrictNewVersion succeeds. */
export function isStrictSemver(v: string): boolean {
  if (v === '') return false;
  let rest = v;
  let build = '';
  const plus = rest.indexOf('+');
  if (plus >= 0) {
    build = rest.slice(plus + 1);
    rest = rest.slice(0, plus);
    if (build === '' || !build.split('.').every((p) => IDENT.test(p))) return false;
  }
  let pre = '';
  const dash = rest.indexOf('-');
  if (dash >= 0) {
    pre = rest.slice(dash + 1);
    rest = rest.slice(0, dash);
    if (pre === '' || !pre.split('.').every((p) => IDENT.test(p)) || badPrerelease(pre)) return false;
  }
  const parts = rest.split('.');
  // StrictNewVersion parses each number with strconv.ParseUint(…, 10, 64).
  return parts.length === 3 && parts.every((p) => NUM.test(p) && BigInt(p) <= 0xffffffffffffffffn);
}
