// Helm's toYamlPretty: yaml.v3's Encoder with SetIndent(2) run on the Go value itself (no JSON
// round trip): floats keep Go's 'g' form (1e+06), structs use lower-cased field names in
// declaration order, []byte is a list of numbers, sequences under keys are indented and long
// lines are never folded.
import {
  GoComplex,
  GoError,
  GoFunc,
  GoInt,
  GoList,
  GoMap,
  GoObject,
  hasInvalidUtf8,
  typeOf,
  utf8Encode,
  type Value,
} from '../go/value.js';
import { crashCycleGuard } from '../go/cycle.js';
import { BlockWriter } from './block-writer.js';
import { prepareScalar, type PreparedScalar } from './emitter.js';
import { formatYamlFloat, prepareString } from './encode.js';
import { sortKeysNatural } from './sort.js';

/** A Go value with a MarshalText method (yaml.v3 writes its text as a string). */
export interface TextMarshaler {
  marshalText(): string;
}
const hasMarshalText = (v: object): v is TextMarshaler =>
  typeof (v as Partial<TextMarshaler>).marshalText === 'function';

const isExported = (name: string): boolean => {
  const ch = String.fromCodePoint(name.codePointAt(0) ?? 0x61);
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
};

const plain = (s: string): PreparedScalar => prepareScalar(s, 'plain', true);

/**
 * yaml.v3's stringv: text that is not valid UTF-8 (escaped bytes, template/value.ts) is written
 * as `!!binary` base64, in lines of 70 each ending in a break once there is more than one.
 */
function v3String(s: string): PreparedScalar {
  if (!hasInvalidUtf8(s)) return prepareString(s, true);
  const b = utf8Encode(s);
  const enc = Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
  const multi = Math.floor(enc.length / 70) + 1 > 1;
  let text = '';
  for (let i = 0; i < enc.length; i += 70) text += enc.slice(i, i + 70) + (multi ? '\n' : '');
  return { ...prepareScalar(text, multi ? 'literal' : 'plain', true), tag: '!!binary' };
}

class V3Encoder extends BlockWriter {
  constructor() {
    super({ width: -1, indent: 2, v3: true }, crashCycleGuard('yaml.v3 encoder'));
  }

  protected key(k: string): PreparedScalar {
    return v3String(k);
  }

  protected order(keys: string[]): string[] {
    return sortKeysNatural(keys, true);
  }

  protected visit(v: Value, root: boolean, mapping: boolean): void {
    this.em.setContext({ root, mapping, simpleKey: false });
    if (v === null) return this.em.scalar(plain('null'));
    switch (typeof v) {
      case 'boolean':
        return this.em.scalar(plain(v ? 'true' : 'false'));
      case 'number':
        return this.em.scalar(plain(formatYamlFloat(v)));
      case 'string':
        return this.em.scalar(v3String(v));
    }
    if (v instanceof GoInt) return this.em.scalar(plain(v.v.toString()));
    if (v instanceof GoList || v instanceof GoMap) {
      this.guard.enter(v);
      if (v instanceof GoList) this.sequence(v.items, v);
      else this.mapping(v.entries, true, v);
      return;
    }
    if (v instanceof Uint8Array)
      return this.sequence(
        Array.from(v, (b) => new GoInt('uint8', BigInt(b))),
        undefined,
      );
    if (v instanceof GoObject) return this.object(v);
    if (v instanceof GoFunc || v instanceof GoComplex) throw new GoError(`cannot marshal type: ${typeOf(v)}`);
  }

  private object(o: GoObject): void {
    if (hasMarshalText(o)) {
      const text = o.marshalText();
      // time.Time is written plain, other TextMarshalers as strings.
      return this.em.scalar(o.goType === 'time.Time' ? plain(text) : prepareString(text, true));
    }
    if (o.goKind === 'ptr' && !o.truth()) return this.em.scalar(plain('null'));
    if (o.goKind === 'struct' || o.goKind === 'ptr') {
      // Struct fields in declaration order.
      const m = new Map<string, Value>();
      for (const [k, x] of o.fields()) if (isExported(k)) m.set(k.toLowerCase(), x);
      return this.mapping(m, false, undefined);
    }
    const s = o.stringer();
    if (s !== undefined) return this.em.scalar(prepareString(s, true));
    throw new GoError(`cannot marshal type: ${o.goType}`);
  }
}

/** Helm's toYamlPretty: "" when the value cannot be encoded. */
export function toYamlPretty(v: Value): string {
  const enc = new V3Encoder();
  try {
    enc.node(v, true, false);
  } catch (e) {
    if (e instanceof GoError) return '';
    throw e;
  }
  enc.em.endDocument();
  const out = enc.em.out;
  return out.endsWith('\n') ? out.slice(0, -1) : out;
}
