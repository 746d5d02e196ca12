// Fixture Go types for the differential template tests, mirroring tools/gotmpl/fixtures.go
// (main.T, *main.T, main.Inner, main.Plain) and time.Duration. Change both sides together.

import {
  GoError,
  GoFunc,
  GoInt,
  GoList,
  GoMap,
  GoObject,
  NO_FIELD,
  int,
  int64,
  type GoKind,
  type GoType,
  type Value,
} from '../../src/go/value.js';

const str = (v: Value): string => (typeof v === 'string' ? v : '');
const intOf = (v: Value): bigint => (v instanceof GoInt ? v.v : 0n);

/** main.Inner{X int; S string} with `func (Inner) String() string`. */
export class FixtureInner extends GoObject {
  readonly goType: GoType = 'main.Inner';
  readonly goKind: GoKind = 'struct';
  constructor(
    readonly X: GoInt = int(0),
    readonly S: string = '',
  ) {
    super();
  }
  override method(name: string): GoFunc | undefined {
    if (name === 'String')
      return new GoFunc('String', { params: [], results: ['string'] }, () => this.text());
    return undefined;
  }
  override field(name: string): Value | typeof NO_FIELD {
    if (name === 'X') return this.X;
    if (name === 'S') return this.S;
    return NO_FIELD;
  }
  override fields(): [string, Value][] {
    return [
      ['X', this.X],
      ['S', this.S],
    ];
  }
  override stringer(): string {
    return this.text();
  }
  private text(): string {
    return `Inner(${this.X.v},${this.S})`;
  }
}

/** main.Plain{A int; B string; C []interface{}}: no methods. */
export class FixturePlain extends GoObject {
  readonly goType: GoType = 'main.Plain';
  readonly goKind: GoKind = 'struct';
  constructor(
    readonly A: GoInt = int(0),
    readonly B: string = '',
    readonly C: GoList = new GoList([], 'interface {}', true),
  ) {
    super();
  }
  override field(name: string): Value | typeof NO_FIELD {
    if (name === 'A') return this.A;
    if (name === 'B') return this.B;
    if (name === 'C') return this.C;
    return NO_FIELD;
  }
  override fields(): [string, Value][] {
    return [
      ['A', this.A],
      ['B', this.B],
      ['C', this.C],
    ];
  }
}

/** The field values of a main.T. */
export interface TFields {
  Name: string;
  Count: GoInt;
  Ratio: number;
  Big: GoInt;
  Tags: GoList;
  Meta: GoMap;
  Inner: FixtureInner;
  Any: Value;
  secret: string;
}

export const zeroTFields = (): TFields => ({
  Name: '',
  Count: int(0),
  Ratio: 0,
  Big: int64(0),
  Tags: new GoList([], 'string', true),
  Meta: new GoMap(new Map(), 'map[string]interface {}', 'interface {}', true),
  Inner: new FixtureInner(),
  Any: null,
  secret: '',
});

const T_FIELD_ORDER: (keyof TFields)[] = [
  'Name',
  'Count',
  'Ratio',
  'Big',
  'Tags',
  'Meta',
  'Inner',
  'Any',
  'secret',
];

/** The value-receiver methods of main.T (shared by T and *T). */
function tMethod(f: TFields, name: string, self: () => Value): GoFunc | undefined {
  switch (name) {
    case 'Hello':
      return new GoFunc('Hello', { params: [], results: ['string'] }, () => `hello ${f.Name}`);
    case 'Get':
      return new GoFunc('Get', { params: ['string'], results: ['string'] }, (k) =>
        str(f.Meta.get(str(k)) ?? null),
      );
    case 'Add':
      return new GoFunc('Add', { params: ['int', 'int'], results: ['int'] }, (a, b) =>
        int(intOf(a) + intOf(b)),
      );
    case 'Join':
      return new GoFunc(
        'Join',
        { params: ['string'], variadic: 'string', results: ['string'] },
        (sep, ...parts) => parts.map(str).join(str(sep)),
      );
    case 'Fails':
      return new GoFunc('Fails', { params: [], results: ['string'], returnsError: true }, () => {
        throw new GoError('method failed');
      });
    case 'Safe':
      return new GoFunc('Safe', { params: [], results: ['string'], returnsError: true }, () => 'safe');
    case 'Panics':
      return new GoFunc('Panics', { params: [], results: ['string'] }, () => {
        throw new GoError('method panicked');
      });
    case 'Self':
      return new GoFunc('Self', { params: [], results: ['main.T'] }, self);
    case 'Map':
      return new GoFunc('Map', { params: [], results: ['map[string]interface {}'] }, () => f.Meta);
    case 'Nothing':
      return new GoFunc('Nothing', { params: [], results: ['interface {}'] }, () => null);
  }
  return undefined;
}

function tField(f: TFields, name: string): Value | typeof NO_FIELD {
  return Object.prototype.hasOwnProperty.call(f, name) ? f[name as keyof TFields] : NO_FIELD;
}

/** main.T, a struct value (not addressable: the pointer method Ptr is not in its method set). */
export class FixtureT extends GoObject {
  readonly goType: GoType = 'main.T';
  readonly goKind: GoKind = 'struct';
  readonly f: TFields;
  constructor(f: Partial<TFields> = {}) {
    super();
    this.f = { ...zeroTFields(), ...f };
  }
  override method(name: string): GoFunc | undefined {
    return tMethod(this.f, name, () => new FixtureT(this.f));
  }
  override field(name: string): Value | typeof NO_FIELD {
    return tField(this.f, name);
  }
  override fields(): [string, Value][] {
    return T_FIELD_ORDER.map((k) => [k, this.f[k]]);
  }
}

/** *main.T: every T method plus the pointer-receiver `Ptr`; `nil` makes a nil pointer. */
export class FixturePtrT extends GoObject {
  readonly goType: GoType = '*main.T';
  readonly goKind: GoKind = 'ptr';
  readonly f: TFields | undefined;
  constructor(f: Partial<TFields> | undefined) {
    super();
    this.f = f === undefined ? undefined : { ...zeroTFields(), ...f };
  }
  override method(name: string): GoFunc | undefined {
    const f = this.f;
    if (name === 'Ptr') {
      return new GoFunc('Ptr', { params: [], results: ['string'] }, () => {
        if (f === undefined)
          throw new GoError('runtime error: invalid memory address or nil pointer dereference');
        return `ptr ${f.Name}`;
      });
    }
    if (f === undefined) {
      // Go: a value method called through a nil *T panics in the generated wrapper.
      const m = tMethod(zeroTFields(), name, () => null);
      if (m === undefined) return undefined;
      return new GoFunc(m.name, m.sig, () => {
        throw new GoError(`value method main.T.${name} called using nil *T pointer`);
      });
    }
    return tMethod(f, name, () => new FixtureT(f));
  }
  override field(name: string): Value | typeof NO_FIELD {
    return this.f === undefined ? NO_FIELD : tField(this.f, name);
  }
  override fields(): [string, Value][] {
    const f = this.f;
    return f === undefined ? [] : T_FIELD_ORDER.map((k) => [k, f[k]]);
  }
  /** The pointed-to main.T (sharing field values), or null for a nil pointer. */
  override deref(): Value {
    return this.f === undefined ? null : new FixtureT(this.f);
  }
  /** main.T's fields, also for a nil pointer (Go: `nil pointer evaluating *main.T.Name`). */
  override hasField(name: string): boolean {
    return (T_FIELD_ORDER as string[]).includes(name);
  }
  override truth(): boolean {
    return this.f !== undefined;
  }
}

// ---- time.Duration ---------------------------------------------------------------------

const SECOND = 1_000_000_000n;

/** Go's time.Duration.String. */
export function durationString(d: bigint): string {
  if (d === 0n) return '0s';
  const neg = d < 0n;
  const u = neg ? -d : d;
  const sign = neg ? '-' : '';
  const frac = (n: bigint, digits: number): string => {
    const s = n.toString().padStart(digits, '0').replace(/0+$/, '');
    return s === '' ? '' : `.${s}`;
  };
  if (u < SECOND) {
    if (u < 1000n) return `${sign}${u}ns`;
    if (u < 1_000_000n) return `${sign}${u / 1000n}${frac(u % 1000n, 3)}µs`;
    return `${sign}${u / 1_000_000n}${frac(u % 1_000_000n, 6)}ms`;
  }
  const secs = u / SECOND;
  let out = `${secs % 60n}${frac(u % SECOND, 9)}s`;
  const mins = secs / 60n;
  if (mins > 0n) {
    out = `${mins % 60n}m${out}`;
    const hours = mins / 60n;
    if (hours > 0n) out = `${hours}h${out}`;
  }
  return sign + out;
}

/** time.Duration (an int64 of nanoseconds with a String method). */
export { GoDuration } from '../../src/funcs/dates.js';
