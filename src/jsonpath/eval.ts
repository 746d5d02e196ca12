// client-go's util/jsonpath evaluation and printing over Go values (value.ts), as helm v4.3.2's
// `show values --jsonpath` runs it: every result list is found first (FindResults) and printed
// only when the whole template evaluated without error; results are space separated, maps and
// lists print as JSON, other values as fmt's %v. Errors keep client-go's texts and, as in Go,
// each step hands back a partial result alongside its error (filters' "exists" test uses it).
import { formatValue } from '../go/fmt/print.js';
import { sortedMapKeys } from '../go/fmt/sort.js';
import { basicEqual, basicKind, basicLess, type Refusal } from '../go/compare.js';
import { GoInt, GoList, GoMap, utf8Encode, type Value } from '../go/value.js';
import { marshalJson } from '../yaml/json.js';
import type { ListNode, Node, Param } from './parser.js';

/** reflect's zero Value (the data of a range over nothing, or of a range over a nil item). */
export const INVALID: unique symbol = Symbol('invalid reflect.Value');
export type RV = Value | typeof INVALID;
type Result = [RV[], string | null];

class JsonPathEvalError extends Error {}

/** Children of a map, list or string (bytes); map order is Go's random order, here sorted. */
function children(v: RV): RV[] {
  if (v instanceof GoMap) return sortedMapKeys(v.entries).map((k) => v.entries.get(k) as Value);
  if (v instanceof GoList) return v.items;
  if (typeof v === 'string') return Array.from(utf8Encode(v), (b) => new GoInt('uint8', BigInt(b)));
  return [];
}

/** The filter's comparisons: text/template's lt and eq as client-go forked them (its texts). */
function verdict(r: boolean | Refusal): boolean {
  if (r === 'invalid') throw new JsonPathEvalError('invalid type for comparison');
  if (r === 'incompatible') throw new JsonPathEvalError('incompatible types for comparison');
  return r;
}

const less = (a: RV, b: RV): boolean => verdict(basicLess(a, basicKind(a), b, basicKind(b)));

function equal(a: RV, b: RV): boolean {
  const ka = basicKind(a);
  const kb = basicKind(b);
  return verdict(ka === 'invalid' || kb === 'invalid' ? 'invalid' : basicEqual(a, ka, b, kb));
}

function compare(op: string, a: RV, b: RV): boolean {
  switch (op) {
    case '<':
      return less(a, b);
    case '>':
      return !(less(a, b) || equal(a, b));
    case '==':
      return equal(a, b);
    case '!=':
      return !equal(a, b);
    case '<=':
      return less(a, b) || equal(a, b);
    case '>=':
      return !less(a, b);
    default:
      throw new JsonPathEvalError(`unrecognized filter operator ${op}`);
  }
}

const wrap = (n: bigint): bigint => BigInt.asIntN(64, n);

/** One execution's state (client-go keeps it on the JSONPath object). */
class Evaluator {
  private beginRange = 0;
  private inRange = 0;
  private endRange = 0;
  private lastEnd = -1;
  constructor(private readonly nodes: Node[]) {}

  /** FindResults over the top-level nodes from index `from` (a range's body starts there). */
  findResults(data: RV, from: number): RV[][] {
    const cur: RV[] = [data];
    const full: RV[][] = [];
    for (let i = from; i < this.nodes.length; i++) {
      const [results, err] = this.walk(cur, this.nodes[i]!);
      if (err !== null) throw new JsonPathEvalError(err);
      if (this.endRange > 0 && this.endRange <= this.inRange) {
        this.endRange--;
        this.lastEnd = i;
        break;
      }
      if (this.beginRange > 0) {
        this.beginRange--;
        this.inRange++;
        if (results.length > 0)
          for (const v of results) full.push(...this.findResults(v === null ? INVALID : v, i + 1));
        // A range over nothing still runs its body once (on no data) to find its end.
        else this.findResults(INVALID, i + 1);
        this.inRange--;
        for (let k = i + 1; k < this.nodes.length; k++) {
          if (k === this.lastEnd) {
            i = k;
            break;
          }
        }
        continue;
      }
      full.push(results);
    }
    return full;
  }

  private walk(input: RV[], node: Node): Result {
    switch (node.t) {
      case 'list':
        return this.evalList(input, node);
      case 'text':
        return [[node.text], null];
      case 'field':
        return this.evalField(input, node.name);
      case 'array':
        return this.evalArray(input, node.params);
      case 'filter':
        return this.evalFilter(input, node);
      case 'int':
        return [input.map(() => new GoInt('int', node.v)), null];
      case 'float':
      case 'bool':
        return [input.map(() => node.v), null];
      case 'wildcard':
        return [input.flatMap((v) => children(v)), null];
      case 'recursive':
        return [this.evalRecursive(input), null];
      case 'union': {
        const out: RV[] = [];
        for (const l of node.nodes) {
          const [r, err] = this.evalList(input, l);
          if (err !== null) return [input, err];
          out.push(...r);
        }
        return [out, null];
      }
      case 'ident':
        if (node.name === 'range') {
          this.beginRange++;
          return [input, null];
        }
        if (node.name === 'end') {
          if (this.inRange > 0) {
            this.endRange++;
            return [[], null];
          }
          return [[], 'not in range, nothing to end'];
        }
        return [input, `unrecognized identifier ${node.name}`];
    }
  }

  private evalList(input: RV[], list: ListNode): Result {
    let cur = input;
    for (const n of list.nodes) {
      const [r, err] = this.walk(cur, n);
      if (err !== null) return [r, err];
      cur = r;
    }
    return [cur, null];
  }

  private evalField(input: RV[], name: string): Result {
    if (input.length === 0) return [[], null];
    const out: RV[] = [];
    for (const v of input) {
      if (v instanceof GoMap && v.entries.has(name)) out.push(v.entries.get(name) as Value);
    }
    if (out.length === 0) return [out, `${name} is not found`];
    return [out, null];
  }

  private evalArray(input: RV[], params: readonly [Param, Param, Param]): Result {
    const out: RV[] = [];
    for (const v of input) {
      if (v === null) continue;
      // reflect's Type() of a zero Value panics in Go; here it ends the template.
      if (v === INVALID) throw new JsonPathEvalError('reflect: call of reflect.Value.Type on zero Value');
      if (!(v instanceof GoList)) return [input, `${typeName(v)} is not array or slice`];
      const len = BigInt(v.items.length);
      let p0 = params[0].known ? params[0].value : 0n;
      if (p0 < 0n) p0 = wrap(p0 + len);
      let p1 = params[1].known ? params[1].value : len;
      if (p1 < 0n || (p1 === 0n && params[1].derived)) p1 = wrap(p1 + len);
      if (p1 === p0) return [out, null];
      if (p0 >= len || p0 < 0n) return [input, `array index out of bounds: index ${p0}, length ${len}`];
      if (p1 > len || p1 < 0n) return [input, `array index out of bounds: index ${p1 - 1n}, length ${len}`];
      if (p0 > p1) return [input, `starting index ${p0} is greater than ending index ${p1}`];
      let step = 1;
      if (params[2].known) {
        if (params[2].value <= 0n) return [input, 'step must be > 0'];
        step = params[2].value > len ? v.items.length + 1 : Number(params[2].value);
      }
      const items = v.items.slice(Number(p0), Number(p1));
      for (let i = 0; i < items.length; i += step) out.push(items[i] as Value);
    }
    return [out, null];
  }

  private evalRecursive(input: RV[]): RV[] {
    const out: RV[] = [];
    for (const v of input) {
      if (v === null) continue;
      const kids = children(v);
      if (kids.length !== 0) out.push(v, ...this.evalRecursive(kids));
    }
    return out;
  }

  private evalFilter(input: RV[], node: Extract<Node, { t: 'filter' }>): Result {
    const out: RV[] = [];
    for (const v of input) {
      if (!(v instanceof GoList)) return [input, `${String(v)} is not array or slice and cannot be filtered`];
      for (const item of v.items) {
        const [lefts, lerr] = this.evalList([item], node.left);
        if (node.op === 'exists') {
          if (lefts.length > 0) out.push(item);
          continue;
        }
        if (lerr !== null) return [input, lerr];
        if (lefts.length === 0) continue;
        if (lefts.length > 1) return [input, 'can only compare one element at a time'];
        const [rights, rerr] = this.evalList([item], node.right);
        if (rerr !== null) return [input, rerr];
        if (rights.length === 0) continue;
        if (rights.length > 1) return [input, 'can only compare one element at a time'];
        let pass: boolean;
        try {
          pass = compare(node.op, lefts[0]!, rights[0]!);
        } catch (e) {
          return [out, (e as Error).message];
        }
        if (pass) out.push(item);
      }
    }
    return [out, null];
  }
}

function typeName(v: Value): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (v instanceof GoInt) return v.kind;
  return 'map[string]interface {}';
}

/** PrintResults: one result list, items separated by a space. */
function printResults(results: RV[]): string {
  return results
    .map((r) => {
      if (r === INVALID) return '<no value>';
      if (r instanceof GoMap || r instanceof GoList) return marshalJson(r);
      if (r === null) return 'null';
      return formatValue(r, 'v');
    })
    .join(' ');
}

/**
 * JSONPath.Execute's output for data, or null when evaluation failed (helm drops the error and
 * prints nothing).
 */
export function executeJsonPath(template: ListNode, data: Value): string | null {
  try {
    const found = new Evaluator(template.nodes).findResults(data, 0);
    return found.map(printResults).join('');
  } catch (e) {
    if (e instanceof JsonPathEvalError) return null;
    throw e;
  }
}
