// Sprig's semver and semverCompare on Masterminds/semver v3.5.0 (the version Helm 4.3.2
// builds with): lenient "coerce" parsing, and its own constraint grammar (`>=1.2 <2`, `||`,
// `~`, `^`, `x` wildcards, hyphen ranges) where prereleases only match constraints that
// mention one. The grammar's regexps run on RE2 exactly as the Go package writes them.
import { quote as goQuote } from '../go/strconv/format.js';
import {
  GoError,
  GoFunc,
  GoObject,
  int,
  NO_FIELD,
  uint64,
  type GoKind,
  type GoType,
  type Value,
} from '../go/value.js';
import { goFunc, nilDeref } from './reflect.js';
import { GoRegexp } from './regex.js';

const MAX_U64 = (1n << 64n) - 1n;
const MAX_VERSION_LEN = 256;
const MAX_CONSTRAINT_LEN = 512;
const MAX_CONSTRAINT_GROUPS = 32;

const ERR_INVALID = 'invalid semantic version';
const ERR_SEGMENT_ZERO = 'version segment starts with 0';
const ERR_METADATA = 'invalid metadata string';
const ERR_PRERELEASE = 'invalid prerelease string';

/** A Go regexp compiled on first use: compiling these costs milliseconds of every start-up. */
function lazyRegexp(src: string): () => GoRegexp {
  let re: GoRegexp | undefined;
  return () => (re ??= new GoRegexp(src));
}

const LOOSE = lazyRegexp(
  '^v?([0-9]+)(\\.[0-9]+)?(\\.[0-9]+)?' +
    '(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?' +
    '(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?$',
);

const NUM = /^[0-9]*$/;
const ALLOWED = /^[a-zA-Z0-9-]*$/;

function validatePrerelease(p: string): string | undefined {
  for (const part of p.split('.')) {
    if (part === '') return ERR_PRERELEASE;
    if (NUM.test(part)) {
      if (part.length > 1 && part[0] === '0') return ERR_SEGMENT_ZERO;
    } else if (!ALLOWED.test(part)) return ERR_PRERELEASE;
  }
  return undefined;
}

function validateMetadata(m: string): string | undefined {
  for (const part of m.split('.')) if (part === '' || !ALLOWED.test(part)) return ERR_METADATA;
  return undefined;
}

/** strconv.ParseUint(s, 10, 64), with the error semver wraps. */
function parseSegment(s: string): bigint {
  const n = BigInt(s);
  if (n > MAX_U64) {
    throw new GoError(
      `error parsing version segment: strconv.ParseUint: parsing ${goQuote(s)}: value out of range`,
    );
  }
  return n;
}

const POINTER_METHODS = new Set([
  'Original',
  'Compare',
  'LessThan',
  'LessThanEqual',
  'GreaterThan',
  'GreaterThanEqual',
  'Equal',
]);

/** A *semver.Version (or, for IncMajor & co., a semver.Version value). */
export class SemverVersion extends GoObject {
  readonly goType: GoType;
  readonly goKind: GoKind;
  constructor(
    readonly major: bigint,
    readonly minor: bigint,
    readonly patch: bigint,
    readonly pre: string,
    readonly metadata: string,
    readonly original: string,
    pointer = true,
  ) {
    super();
    this.goType = pointer ? '*semver.Version' : 'semver.Version';
    this.goKind = pointer ? 'ptr' : 'struct';
  }

  /** Version.String: the normalised form, without a `v`. */
  override toString(): string {
    let s = `${this.major}.${this.minor}.${this.patch}`;
    if (this.pre !== '') s += `-${this.pre}`;
    if (this.metadata !== '') s += `+${this.metadata}`;
    return s;
  }

  override stringer(): string {
    return this.toString();
  }

  /** Version.MarshalJSON: the String() form as a JSON string (so toJson and toYaml print it). */
  marshalJSON(): string {
    return JSON.stringify(this.toString());
  }

  override fields(): [string, Value][] {
    return [
      ['major', uint64(this.major)],
      ['minor', uint64(this.minor)],
      ['patch', uint64(this.patch)],
      ['pre', this.pre],
      ['metadata', this.metadata],
      ['original', this.original],
    ];
  }

  override field(): Value | typeof NO_FIELD {
    return NO_FIELD; // every field is unexported
  }

  private inc(part: 'major' | 'minor' | 'patch'): SemverVersion {
    let { major, minor, patch } = this;
    if (part === 'patch') {
      if (this.pre === '') {
        if (patch === MAX_U64) throw new GoError('patch version increment would overflow uint64');
        patch++;
      }
    } else if (part === 'minor') {
      if (minor === MAX_U64) throw new GoError('minor version increment would overflow uint64');
      minor++;
      patch = 0n;
    } else {
      if (major === MAX_U64) throw new GoError('major version increment would overflow uint64');
      major++;
      minor = 0n;
      patch = 0n;
    }
    const prefix = this.original.startsWith('v') ? 'v' : '';
    return new SemverVersion(major, minor, patch, '', '', `${prefix}${major}.${minor}.${patch}`, false);
  }

  override method(name: string): GoFunc | undefined {
    // Pointer-receiver methods are not callable on a (non-addressable) Version value.
    if (this.goKind === 'struct' && POINTER_METHODS.has(name)) return undefined;
    const other = (v: Value): SemverVersion => {
      if (!(v instanceof SemverVersion)) throw nilDeref();
      return v;
    };
    switch (name) {
      case 'Major':
        return goFunc(name, 'func() uint64', () => uint64(this.major));
      case 'Minor':
        return goFunc(name, 'func() uint64', () => uint64(this.minor));
      case 'Patch':
        return goFunc(name, 'func() uint64', () => uint64(this.patch));
      case 'Prerelease':
        return goFunc(name, 'func() string', () => this.pre);
      case 'Metadata':
        return goFunc(name, 'func() string', () => this.metadata);
      case 'Original':
        return goFunc(name, 'func() string', () => this.original);
      case 'String':
        return goFunc(name, 'func() string', () => this.toString());
      case 'Compare':
        return goFunc(name, 'func(*semver.Version) int', (o) => int(compareVersions(this, other(o))));
      case 'LessThan':
        return goFunc(name, 'func(*semver.Version) bool', (o) => compareVersions(this, other(o)) < 0);
      case 'LessThanEqual':
        return goFunc(name, 'func(*semver.Version) bool', (o) => compareVersions(this, other(o)) <= 0);
      case 'GreaterThan':
        return goFunc(name, 'func(*semver.Version) bool', (o) => compareVersions(this, other(o)) > 0);
      case 'GreaterThanEqual':
        return goFunc(name, 'func(*semver.Version) bool', (o) => compareVersions(this, other(o)) >= 0);
      case 'Equal':
        return goFunc(
          name,
          'func(*semver.Version) bool',
          (o) => o !== null && compareVersions(this, other(o)) === 0,
        );
      case 'IncMajor':
        return goFunc(name, 'func() semver.Version', () => this.inc('major'));
      case 'IncMinor':
        return goFunc(name, 'func() semver.Version', () => this.inc('minor'));
      case 'IncPatch':
        return goFunc(name, 'func() semver.Version', () => this.inc('patch'));
    }
    return undefined;
  }
}

/** semver.NewVersion (CoerceNewVersion = true): errors as GoError with the package's text. */
export function newVersion(v: string): SemverVersion {
  if (v.length > MAX_VERSION_LEN)
    throw new GoError(`version string is too long (max ${MAX_VERSION_LEN} bytes)`);
  const m = LOOSE().findStringSubmatch(v);
  if (!m) throw new GoError(ERR_INVALID);
  const major = parseSegment(m[1]!);
  const minor = m[2] ? parseSegment(m[2].slice(1)) : 0n;
  const patch = m[3] ? parseSegment(m[3].slice(1)) : 0n;
  const pre = m[5]!;
  const metadata = m[8]!;
  if (pre !== '') {
    const e = validatePrerelease(pre);
    if (e) throw new GoError(e);
  }
  if (metadata !== '') {
    const e = validateMetadata(metadata);
    if (e) throw new GoError(e);
  }
  return new SemverVersion(major, minor, patch, pre, metadata, v);
}

const cmp = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);

function comparePrePart(s: string, o: string): number {
  if (s === o) return 0;
  if (s === '') return o !== '' ? -1 : 1;
  if (o === '') return s !== '' ? 1 : -1;
  const on = /^[0-9]+$/.test(o) && BigInt(o) <= MAX_U64;
  const sn = /^[0-9]+$/.test(s) && BigInt(s) <= MAX_U64;
  if (!on && !sn) return s > o ? 1 : -1; // Go compares the bytes; these are ASCII
  if (!on) return -1;
  if (!sn) return 1;
  return BigInt(s) > BigInt(o) ? 1 : -1;
}

function comparePrerelease(v: string, o: string): number {
  const sp = v.split('.');
  const op = o.split('.');
  const l = Math.max(sp.length, op.length);
  for (let i = 0; i < l; i++) {
    const d = comparePrePart(sp[i] ?? '', op[i] ?? '');
    if (d !== 0) return d;
  }
  return 0;
}

/** Version.Compare (metadata ignored). */
export function compareVersions(v: SemverVersion, o: SemverVersion): number {
  const d = cmp(v.major, o.major) || cmp(v.minor, o.minor) || cmp(v.patch, o.patch);
  if (d !== 0) return d;
  if (v.pre === '' && o.pre === '') return 0;
  if (v.pre === '') return 1;
  if (o.pre === '') return -1;
  return comparePrerelease(v.pre, o.pre);
}

// ---- constraints -------------------------------------------------------------------------

const OPS = '=||!=|>|<|>=|=>|<=|=<|~|~>|\\^';
const CV =
  'v?([0-9|x|X|\\*]+)(\\.[0-9|x|X|\\*]+)?(\\.[0-9|x|X|\\*]+)?' +
  '(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?' +
  '(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?';
const CONSTRAINT = lazyRegexp(`^\\s*(${OPS})\\s*(${CV})\\s*$`);
const CONSTRAINT_RANGE = lazyRegexp(`\\s*(${CV})\\s+-\\s+(${CV})\\s*`);
const FIND_CONSTRAINT = lazyRegexp(`(${OPS})\\s*(${CV})`);
const VALID_CONSTRAINT = lazyRegexp(
  `^(\\s*(${OPS})\\s*(${CV})\\s*)((?:\\s+|,\\s*)(${OPS})\\s*(${CV})\\s*)*$`,
);

interface Constraint {
  con: SemverVersion;
  orig: string;
  op: string;
  minorDirty: boolean;
  patchDirty: boolean;
  dirty: boolean;
}

const isX = (x: string): boolean => x === 'x' || x === '*' || x === 'X';

function parseConstraint(c: string): Constraint {
  if (c.length === 0) {
    return { con: newVersion('0.0.0'), orig: c, op: '', minorDirty: false, patchDirty: false, dirty: true };
  }
  const m = CONSTRAINT().findStringSubmatch(c);
  if (!m) throw new GoError(`improper constraint: ${goQuote(c)}`);
  let ver = m[2]!;
  let minorDirty = false;
  let patchDirty = false;
  let dirty = false;
  if (isX(m[3]!) || m[3] === '') {
    ver = `0.0.0${m[6]}`;
    dirty = true;
  } else if (isX(m[4]!.replace(/^\./, '')) || m[4] === '') {
    minorDirty = true;
    dirty = true;
    ver = `${m[3]}.0.0${m[6]}`;
  } else if (isX(m[5]!.replace(/^\./, '')) || m[5] === '') {
    dirty = true;
    patchDirty = true;
    ver = `${m[3]}${m[4]}.0${m[6]}`;
  }
  let con: SemverVersion;
  try {
    con = newVersion(ver);
  } catch {
    throw new GoError('constraint parser error');
  }
  return { con, orig: m[2]!, op: m[1]!, minorDirty, patchDirty, dirty };
}

function rewriteRange(s: string): string {
  let out = s;
  for (const m of CONSTRAINT_RANGE().findAllStringSubmatch(s, -1)) {
    out = out.replace(m[0]!, `>= ${m[1]}, <= ${m[11]} `);
  }
  return out;
}

/** semver.NewConstraint: OR groups of AND-ed constraints. */
export function newConstraint(c: string): { groups: Constraint[][]; hasPre: boolean[] } {
  if (c.length > MAX_CONSTRAINT_LEN)
    throw new GoError(`constraint string is too long (max ${MAX_CONSTRAINT_LEN} bytes)`);
  const ors = rewriteRange(c).split('||');
  if (ors.length > MAX_CONSTRAINT_GROUPS)
    throw new GoError(`too many constraint groups (max ${MAX_CONSTRAINT_GROUPS})`);
  const groups: Constraint[][] = [];
  const hasPre: boolean[] = [];
  for (const v of ors) {
    if (!VALID_CONSTRAINT().matchString(v)) throw new GoError(`improper constraint: ${goQuote(v)}`);
    let cs = FIND_CONSTRAINT().findAllString(v, -1);
    if (cs.length === 0) cs = [v];
    const group = cs.map(parseConstraint);
    hasPre.push(group.some((g) => g.con.pre !== ''));
    groups.push(group);
  }
  return { groups, hasPre };
}

function tilde(v: SemverVersion, c: Constraint): boolean {
  if (compareVersions(v, c.con) < 0) return false;
  const con = c.con;
  if (con.major === 0n && con.minor === 0n && con.patch === 0n && !c.minorDirty && !c.patchDirty) return true;
  if (v.major !== con.major) return false;
  if (v.minor !== con.minor && !c.minorDirty) return false;
  return true;
}

/** One constraint's check (Masterminds' constraint funcs, without their error texts). */
function check(v: SemverVersion, c: Constraint, includePre: boolean): boolean {
  if (v.pre !== '' && !includePre) return false;
  const con = c.con;
  switch (c.op) {
    case '':
    case '=':
      return c.dirty ? tilde(v, c) : compareVersions(v, con) === 0;
    case '!=':
      if (c.dirty) {
        if (con.major !== v.major) return true;
        if (con.minor !== v.minor && !c.minorDirty) return true;
        if (c.minorDirty) return false;
        if (con.patch !== v.patch && !c.patchDirty) return true;
        if (c.patchDirty) {
          if (v.pre !== '' || con.pre !== '') return comparePrerelease(v.pre, con.pre) !== 0;
          return false;
        }
      }
      return compareVersions(v, con) !== 0;
    case '>':
      if (!c.dirty) return compareVersions(v, con) === 1;
      if (v.major > con.major) return true;
      if (v.major < con.major) return false;
      if (c.minorDirty) return false;
      if (c.patchDirty) return v.minor > con.minor;
      return compareVersions(v, con) === 1;
    case '<':
      return compareVersions(v, con) < 0;
    case '>=':
    case '=>':
      return compareVersions(v, con) >= 0;
    case '<=':
    case '=<':
      if (!c.dirty) return compareVersions(v, con) <= 0;
      if (v.major > con.major) return false;
      if (v.major === con.major && v.minor > con.minor && !c.minorDirty) return false;
      return true;
    case '~':
    case '~>':
      return tilde(v, c);
    case '^':
      if (compareVersions(v, con) < 0) return false;
      if (con.major > 0n || c.minorDirty) return v.major === con.major;
      if (con.major === 0n && v.major > 0n) return false;
      if (con.minor > 0n || c.patchDirty) return v.minor === con.minor;
      if (con.minor === 0n && v.minor > 0n) return false;
      return con.patch === v.patch;
  }
  return false;
}

/** Constraints.Check */
export function checkConstraint(c: ReturnType<typeof newConstraint>, v: SemverVersion): boolean {
  return c.groups.some((group, i) => group.every((k) => check(v, k, c.hasPre[i]!)));
}

// Parsed texts kept across calls and renders: charts ask the same few questions hundreds of
// times per render (kube-prometheus-stack: 224 semverCompare calls on 5 constraint texts), and
// the grammar runs on RE2. What is kept is never changed (constraints are only read; a version
// is copied before a template can hold it), and a failure keeps its text to throw anew.
const PARSED_MAX = 1024;
/** A text that failed to parse: its error, thrown anew at each use. */
class Failed {
  constructor(readonly message: string) {}
}
type Parsed<T> = T | Failed;

function parsedBy<T>(cache: Map<string, Parsed<T>>, text: string, parse: (s: string) => T): T {
  let p = cache.get(text);
  if (p === undefined) {
    try {
      p = parse(text);
    } catch (e) {
      if (!(e instanceof GoError)) throw e;
      p = new Failed(e.message);
    }
    // Oldest first out: a map keeps insertion order.
    if (cache.size >= PARSED_MAX) cache.delete(cache.keys().next().value!);
    cache.set(text, p);
  }
  if (p instanceof Failed) throw new GoError(p.message);
  return p;
}

const CONSTRAINTS = new Map<string, Parsed<Constraints>>();
const VERSIONS = new Map<string, Parsed<SemverVersion>>();

type Constraints = ReturnType<typeof newConstraint>;

/** newVersion through the cache: the shared value, which must not reach a template. */
export const sharedVersion = (v: string): SemverVersion => parsedBy(VERSIONS, v, newVersion);

/** newConstraint through the cache (constraints are only read). */
export const sharedConstraint = (c: string): Constraints => parsedBy(CONSTRAINTS, c, newConstraint);

/** semver semverCompare */
export function semverFuncs(): Map<string, GoFunc> {
  const fs = [
    // A fresh *Version per call, as Go's: templates can tell pointers apart (eq).
    goFunc('semver', 'func(string) (*semver.Version, error)', (v) => {
      const s = sharedVersion(v as string);
      return new SemverVersion(s.major, s.minor, s.patch, s.pre, s.metadata, s.original);
    }),
    goFunc('semverCompare', 'func(string, string) (bool, error)', (c, v) => {
      const cs = sharedConstraint(c as string);
      return checkConstraint(cs, sharedVersion(v as string));
    }),
  ];
  return new Map(fs.map((f) => [f.name, f]));
}
