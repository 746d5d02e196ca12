// The jsonschema.ts validator: keyword checks and their error texts.
import { run, type Step } from '../yaml/steps.js';
import { JNum, isObj } from './jsonschema-parse.js';
import {
  type Rat,
  ratCmp,
  ratToFloat,
  isIntegral,
  numRat,
  engInt,
  engFloat,
  sq,
  display,
  type IVal,
  TYPE_ORDER,
  typeOf,
  isNum,
  equals,
  firstDuplicate,
  type ErrorKind,
  type VError,
  K,
  type Loc,
} from './jsonschema-common.js';
import { type Schema, SchemaCompileError } from './jsonschema-compile.js';

// ---------------------------------------------------------------- validation

export class Validator {
  errors: VError[] = [];
  constructor(
    private readonly v: IVal,
    private readonly vloc: Loc | undefined,
    private readonly s: Schema,
    private readonly boolResult: boolean,
    private readonly depth: number,
  ) {}

  private error(kind: ErrorKind): VError {
    return { instance: this.vloc, kind, causes: [] };
  }
  private addError(kind: ErrorKind): void {
    this.errors.push(this.error(kind));
  }
  private addErr(e: VError | undefined): void {
    if (e) this.errors.push(e);
  }
  private addErrors(causes: VError[], kind: ErrorKind): void {
    const e = this.error(kind);
    e.causes = causes;
    this.errors.push(e);
  }

  // Nested validations are steps (run() keeps them on an array): values nest 10000 deep.
  private self(s: Schema, boolResult: boolean): Step<VError | undefined> {
    if (this.depth > 200) throw new SchemaCompileError('reference cycle');
    return new Validator(this.v, this.vloc, s, this.boolResult || boolResult, this.depth + 1).validate();
  }
  private val(s: Schema, v: IVal, tok: string): Step<VError | undefined> {
    return new Validator(v, { up: this.vloc, tok }, s, this.boolResult, 0).validate();
  }
  // The same two without steps, where leaf() gives validate()'s result.
  private quick(s: Schema, v: IVal): boolean {
    return s.leaf && !(v instanceof Map) && !Array.isArray(v);
  }
  private leafVal(s: Schema, v: IVal, tok: string): VError | undefined {
    return new Validator(v, { up: this.vloc, tok }, s, this.boolResult, 0).leaf();
  }
  private quickSelf(s: Schema): boolean {
    return this.quick(s, this.v);
  }
  private leafSelf(s: Schema): VError | undefined {
    if (this.depth > 200) throw new SchemaCompileError('reference cycle');
    return new Validator(this.v, this.vloc, s, this.boolResult, this.depth + 1).leaf();
  }
  private *refErr(s: Schema): Step<VError | undefined> {
    const err = this.quickSelf(s) ? this.leafSelf(s) : ((yield this.self(s, false)) as VError | undefined);
    if (!err) return undefined;
    const e = this.error(K('validation failed', 'ref'));
    e.causes = err.kind.tag === 'group' ? err.causes : [err];
    return e;
  }

  private findMissing(obj: Map<string, IVal>, reqd: string[]): string[] | undefined {
    const missing = reqd.filter((p) => !obj.has(p));
    return missing.length > 0 ? missing : undefined;
  }

  /** The checks whose failure is the whole result: type, const, enum, format. */
  private head(): VError | undefined {
    const s = this.s;
    const v = this.v;
    const t = typeOf(v);
    if (s.types && s.types.size > 0) {
      const ok =
        s.types.has(t) || (s.types.has('integer') && t === 'number' && isIntegral(v as number | JNum));
      if (!ok)
        return this.error(K(`got ${t}, want ${TYPE_ORDER.filter((x) => s.types!.has(x)).join(' or ')}`));
    }
    if (s.hasConst && !equals(v, s.constV!)) {
      const w = s.constV!;
      return this.error(K(Array.isArray(w) || isObj(w) ? "'const' failed" : `value must be ${display(w)}`));
    }
    if (s.enumV) {
      const types = new Set(s.enumV.map(typeOf));
      const matched = types.has(t) && s.enumV.some((x) => equals(v, x));
      if (!matched) {
        const prim = s.enumV.every((x) => !Array.isArray(x) && !isObj(x));
        let msg = "'enum' failed";
        if (prim)
          msg =
            s.enumV.length === 1
              ? `value must be ${display(s.enumV[0]!)}`
              : `value must be one of ${s.enumV.map(display).join(', ')}`;
        return this.error(K(msg));
      }
    }
    if (s.format && typeof v === 'string') {
      const err = s.format.validate(v);
      if (err !== undefined) return this.error(K(`${sq(v)} is not valid ${s.format.name}: ${err}`));
    }
    return undefined;
  }

  private result(): VError | undefined {
    if (this.errors.length === 0) return undefined;
    if (this.errors.length === 1) return this.errors[0];
    const g = this.error(K('validation failed', 'group'));
    g.causes = this.errors;
    return g;
  }

  /**
   * validate() of a scalar against a leaf schema (no $ref, no in-place applicator, so nothing
   * nests): the same result from one plain call. Most values are such pairs.
   */
  leaf(): VError | undefined {
    const s = this.s;
    const v = this.v;
    if (s.bool !== undefined) return s.bool ? undefined : this.error(K('false schema'));
    const early = this.head();
    if (early) return early;
    if (typeof v === 'string') this.strValidate(v);
    else if (isNum(v)) this.numValidate(v);
    return this.result();
  }

  *validate(): Step<VError | undefined> {
    const s = this.s;
    const v = this.v;
    if (s.bool !== undefined) return s.bool ? undefined : this.error(K('false schema'));
    const early = this.head();
    if (early) return early;
    if (s.ref) {
      const err = (yield this.refErr(s.ref)) as VError | undefined;
      if (s.draft < 2019) return err;
      this.addErr(err);
    }
    if (v instanceof Map) yield* this.objValidate(v);
    else if (Array.isArray(v)) yield* this.arrValidate(v);
    else if (typeof v === 'string') this.strValidate(v);
    else if (isNum(v)) this.numValidate(v);

    if (this.errors.length === 0 || !this.boolResult) {
      yield* this.condValidate();
      if (s.draft >= 2019) yield* this.unevalValidate();
    }
    return this.result();
  }

  private evaluatedProps(s: Schema, obj: Map<string, IVal>, seen = new Set<Schema>()): Set<string> {
    // Properties evaluated by s and its in-place applicators that succeed.
    const out = new Set<string>();
    if (seen.has(s)) return out;
    seen.add(s);
    if (s.bool !== undefined) {
      if (s.bool) for (const k of obj.keys()) out.add(k);
      return out;
    }
    for (const k of obj.keys()) {
      if (
        s.properties?.has(k) ||
        s.patternProperties?.some(([re]) => re.matchString(k)) ||
        s.additionalProperties !== undefined
      )
        out.add(k);
      if (s.unevaluatedProperties !== undefined) out.add(k);
    }
    const ok = (x: Schema): boolean =>
      run(new Validator(obj, undefined, x, true, 0).validate()) === undefined;
    const add = (x: Schema): void => {
      for (const k of this.evaluatedProps(x, obj, seen)) out.add(k);
    };
    if (s.ref) add(s.ref);
    for (const x of s.allOf ?? []) add(x);
    for (const x of [...(s.anyOf ?? []), ...(s.oneOf ?? [])]) if (ok(x)) add(x);
    if (s.ifS) {
      if (ok(s.ifS)) {
        add(s.ifS);
        if (s.thenS) add(s.thenS);
      } else if (s.elseS) add(s.elseS);
    }
    for (const [k, x] of s.dependentSchemas ?? []) if (obj.has(k)) add(x);
    return out;
  }

  private *unevalValidate(): Step<void> {
    const s = this.s;
    const v = this.v;
    if (v instanceof Map && s.unevaluatedProperties) {
      const ev = this.evaluatedProps({ ...s, unevaluatedProperties: undefined }, v);
      for (const [k, x] of v)
        if (!ev.has(k))
          this.addErr(
            this.quick(s.unevaluatedProperties, x)
              ? this.leafVal(s.unevaluatedProperties, x, k)
              : ((yield this.val(s.unevaluatedProperties, x, k)) as VError | undefined),
          );
    }
    if (Array.isArray(v) && s.unevaluatedItems) {
      let n = 0;
      if (
        s.items2020 ||
        (s.items instanceof Object && !Array.isArray(s.items)) ||
        s.additionalItems !== undefined
      )
        n = v.length;
      else n = Math.max(s.prefixItems?.length ?? 0, Array.isArray(s.items) ? s.items.length : 0);
      for (let i = n; i < v.length; i++)
        this.addErr(
          this.quick(s.unevaluatedItems, v[i]!)
            ? this.leafVal(s.unevaluatedItems, v[i]!, String(i))
            : ((yield this.val(s.unevaluatedItems, v[i]!, String(i))) as VError | undefined),
        );
    }
  }

  private *objValidate(obj: Map<string, IVal>): Step<void> {
    const s = this.s;
    if (s.minProperties !== undefined && obj.size < s.minProperties)
      this.addError(K(`minProperties: got ${engInt(obj.size)}, want ${engInt(s.minProperties)}`));
    if (s.maxProperties !== undefined && obj.size > s.maxProperties)
      this.addError(K(`maxProperties: got ${engInt(obj.size)}, want ${engInt(s.maxProperties)}`));
    if (s.required && s.required.length > 0) {
      const missing = this.findMissing(obj, s.required);
      if (missing)
        this.addError(
          K(
            missing.length === 1
              ? `missing property ${sq(missing[0]!)}`
              : `missing properties ${missing.map(sq).join(', ')}`,
          ),
        );
    }
    if (this.boolResult && this.errors.length > 0) return;
    for (const [pname, dep] of s.dependencies ?? []) {
      if (!obj.has(pname)) continue;
      if (Array.isArray(dep)) {
        const missing = this.findMissing(obj, dep);
        if (missing)
          this.addError(K(`properties ${missing.map(sq).join(', ')} required, if ${sq(pname)} exists`));
      } else
        this.addErr(
          this.quickSelf(dep) ? this.leafSelf(dep) : ((yield this.self(dep, false)) as VError | undefined),
        );
    }
    const additional: string[] = [];
    for (const [pname, pvalue] of obj) {
      if (this.boolResult && this.errors.length > 0) return;
      let evaluated = false;
      const ps = s.properties?.get(pname);
      if (ps) {
        evaluated = true;
        this.addErr(
          this.quick(ps, pvalue)
            ? this.leafVal(ps, pvalue, pname)
            : ((yield this.val(ps, pvalue, pname)) as VError | undefined),
        );
      }
      for (const [re, sch] of s.patternProperties ?? []) {
        if (re.matchString(pname)) {
          evaluated = true;
          this.addErr(
            this.quick(sch, pvalue)
              ? this.leafVal(sch, pvalue, pname)
              : ((yield this.val(sch, pvalue, pname)) as VError | undefined),
          );
        }
      }
      if (!evaluated && s.additionalProperties !== undefined) {
        if (typeof s.additionalProperties === 'boolean') {
          if (!s.additionalProperties) additional.push(pname);
        } else
          this.addErr(
            this.quick(s.additionalProperties, pvalue)
              ? this.leafVal(s.additionalProperties, pvalue, pname)
              : ((yield this.val(s.additionalProperties, pvalue, pname)) as VError | undefined),
          );
      }
    }
    if (additional.length > 0)
      this.addError(K(`additional properties ${additional.map(sq).join(', ')} not allowed`));
    if (s.draft === 4) return;
    if (s.propertyNames) {
      for (const pname of obj.keys()) {
        const err = (yield new Validator(
          pname,
          undefined,
          s.propertyNames,
          this.boolResult,
          0,
        ).validate()) as VError | undefined;
        if (err) {
          // the library reuses the nested run's root error; since v6.0.3 it moves that error to
          // the object's location (its causes keep the nested run's '')
          this.errors.push({
            instance: this.vloc,
            kind: K(`invalid propertyName ${sq(pname)}`),
            causes: err.kind.tag === 'group' ? err.causes : [err],
          });
        }
      }
    }
    if (s.draft === 6) return;
    for (const [pname, sch] of s.dependentSchemas ?? [])
      if (obj.has(pname))
        this.addErr(
          this.quickSelf(sch) ? this.leafSelf(sch) : ((yield this.self(sch, false)) as VError | undefined),
        );
    for (const [pname, reqd] of s.dependentRequired ?? []) {
      if (!obj.has(pname)) continue;
      const missing = this.findMissing(obj, reqd);
      if (missing)
        this.addError(K(`properties ${missing.map(sq).join(', ')} required, if ${sq(pname)} exists`));
    }
  }

  private *arrValidate(arr: IVal[]): Step<void> {
    const s = this.s;
    if (s.minItems !== undefined && arr.length < s.minItems)
      this.addError(K(`minItems: got ${engInt(arr.length)}, want ${engInt(s.minItems)}`));
    if (s.maxItems !== undefined && arr.length > s.maxItems)
      this.addError(K(`maxItems: got ${engInt(arr.length)}, want ${engInt(s.maxItems)}`));
    if (s.uniqueItems && arr.length > 1) {
      const d = firstDuplicate(arr);
      if (d !== undefined) this.addError(K(`items at ${engInt(d[0])} and ${engInt(d[1])} are equal`));
    }
    if (s.draft < 2020) {
      let evaluated = 0;
      if (Array.isArray(s.items)) {
        const n = Math.min(arr.length, s.items.length);
        for (let i = 0; i < n; i++)
          this.addErr(
            this.quick(s.items[i]!, arr[i]!)
              ? this.leafVal(s.items[i]!, arr[i]!, String(i))
              : ((yield this.val(s.items[i]!, arr[i]!, String(i))) as VError | undefined),
          );
        evaluated = n;
      } else if (s.items) {
        for (let i = 0; i < arr.length; i++)
          this.addErr(
            this.quick(s.items, arr[i]!)
              ? this.leafVal(s.items, arr[i]!, String(i))
              : ((yield this.val(s.items, arr[i]!, String(i))) as VError | undefined),
          );
        evaluated = arr.length;
      }
      if (s.additionalItems !== undefined) {
        if (typeof s.additionalItems === 'boolean') {
          if (!s.additionalItems && evaluated !== arr.length)
            this.addError(K(`last ${engInt(arr.length - evaluated)} additionalItem(s) not allowed`));
        } else {
          // numbered from the first unevaluated item (from 0 again before v6.0.3)
          for (let i = evaluated; i < arr.length; i++)
            this.addErr(
              this.quick(s.additionalItems, arr[i]!)
                ? this.leafVal(s.additionalItems, arr[i]!, String(i))
                : ((yield this.val(s.additionalItems, arr[i]!, String(i))) as VError | undefined),
            );
        }
      }
    } else {
      const n = Math.min(s.prefixItems?.length ?? 0, arr.length);
      for (let i = 0; i < n; i++)
        this.addErr(
          this.quick(s.prefixItems![i]!, arr[i]!)
            ? this.leafVal(s.prefixItems![i]!, arr[i]!, String(i))
            : ((yield this.val(s.prefixItems![i]!, arr[i]!, String(i))) as VError | undefined),
        );
      if (s.items2020)
        for (let i = n; i < arr.length; i++)
          this.addErr(
            this.quick(s.items2020, arr[i]!)
              ? this.leafVal(s.items2020, arr[i]!, String(i))
              : ((yield this.val(s.items2020, arr[i]!, String(i))) as VError | undefined),
          );
    }
    if (s.contains) {
      const errors: VError[] = [];
      const matched: number[] = [];
      for (let i = 0; i < arr.length; i++) {
        const e = this.quick(s.contains, arr[i]!)
          ? this.leafVal(s.contains, arr[i]!, String(i))
          : ((yield this.val(s.contains, arr[i]!, String(i))) as VError | undefined);
        if (e) errors.push(e);
        else matched.push(i);
      }
      if (s.minContains !== undefined) {
        if (matched.length < s.minContains) {
          const msg =
            matched.length === 0
              ? `min ${engInt(s.minContains)} items required to match contains schema, but none matched`
              : `min ${engInt(s.minContains)} items required to match contains schema, but matched ${engInt(matched.length)} items at ${matched.join(' ')}`;
          this.addErrors(errors, K(msg));
        }
      } else if (matched.length === 0) this.addErrors(errors, K('no items match contains schema'));
      if (s.maxContains !== undefined && matched.length > s.maxContains) {
        this.addError(
          K(
            `max ${engInt(s.maxContains)} items required to match contains schema, but matched ${engInt(matched.length)} items at ${matched.join(' ')}`,
          ),
        );
      }
    }
  }

  private strValidate(str: string): void {
    const s = this.s;
    const len = [...str].length;
    if (s.minLength !== undefined && len < s.minLength)
      this.addError(K(`minLength: got ${engInt(len)}, want ${engInt(s.minLength)}`));
    if (s.maxLength !== undefined && len > s.maxLength)
      this.addError(K(`maxLength: got ${engInt(len)}, want ${engInt(s.maxLength)}`));
    if (s.pattern && !s.pattern.matchString(str))
      this.addError(K(`${sq(str)} does not match pattern ${sq(s.patternText!)}`));
  }

  private numValidate(v: number | JNum): void {
    const s = this.s;
    if (!s.minimum && !s.maximum && !s.exclusiveMinimum && !s.exclusiveMaximum && !s.multipleOf) return;
    const n = numRat(v);
    const f = (r: Rat): string => engFloat(ratToFloat(r));
    if (s.minimum && ratCmp(n, s.minimum) < 0) this.addError(K(`minimum: got ${f(n)}, want ${f(s.minimum)}`));
    if (s.maximum && ratCmp(n, s.maximum) > 0) this.addError(K(`maximum: got ${f(n)}, want ${f(s.maximum)}`));
    if (s.exclusiveMinimum && ratCmp(n, s.exclusiveMinimum) <= 0)
      this.addError(K(`exclusiveMinimum: got ${f(n)}, want ${f(s.exclusiveMinimum)}`));
    if (s.exclusiveMaximum && ratCmp(n, s.exclusiveMaximum) >= 0)
      this.addError(K(`exclusiveMaximum: got ${f(n)}, want ${f(s.exclusiveMaximum)}`));
    if (s.multipleOf && s.multipleOf.n !== 0n) {
      const q: Rat = { n: n.n * s.multipleOf.d, d: n.d * s.multipleOf.n };
      if (q.n % q.d !== 0n) this.addError(K(`multipleOf: got ${f(n)}, want ${f(s.multipleOf)}`));
    }
  }

  private *condValidate(): Step<void> {
    const s = this.s;
    if (
      s.not &&
      (this.quickSelf(s.not)
        ? this.leafSelf(s.not)
        : ((yield this.self(s.not, true)) as VError | undefined)) === undefined
    )
      this.addError(K("'not' failed"));
    if (s.allOf && s.allOf.length > 0) {
      const errors: VError[] = [];
      for (const x of s.allOf) {
        const e = this.quickSelf(x) ? this.leafSelf(x) : ((yield this.self(x, false)) as VError | undefined);
        if (e) {
          errors.push(e);
          if (this.boolResult) break;
        }
      }
      if (errors.length > 0) this.addErrors(errors, K("'allOf' failed"));
    }
    if (s.anyOf && s.anyOf.length > 0) {
      let matched = false;
      const errors: VError[] = [];
      for (const x of s.anyOf) {
        const e = this.quickSelf(x) ? this.leafSelf(x) : ((yield this.self(x, false)) as VError | undefined);
        if (e) errors.push(e);
        else {
          matched = true;
          break;
        }
      }
      if (!matched) this.addErrors(errors, K("'anyOf' failed"));
    }
    if (s.oneOf && s.oneOf.length > 0) {
      let matched = -1;
      const errors: VError[] = [];
      for (let i = 0; i < s.oneOf.length; i++) {
        const e = this.quickSelf(s.oneOf[i]!)
          ? this.leafSelf(s.oneOf[i]!)
          : ((yield this.self(s.oneOf[i]!, matched !== -1)) as VError | undefined);
        if (e) {
          if (matched === -1) errors.push(e);
        } else if (matched === -1) matched = i;
        else {
          this.addError(K(`'oneOf' failed, subschemas ${engInt(matched)}, ${engInt(i)} matched`));
          break;
        }
      }
      if (matched === -1) this.addErrors(errors, K("'oneOf' failed, none matched"));
    }
    if (s.ifS) {
      if (
        (this.quickSelf(s.ifS)
          ? this.leafSelf(s.ifS)
          : ((yield this.self(s.ifS, true)) as VError | undefined)) === undefined
      ) {
        if (s.thenS)
          this.addErr(
            this.quickSelf(s.thenS)
              ? this.leafSelf(s.thenS)
              : ((yield this.self(s.thenS, false)) as VError | undefined),
          );
      } else if (s.elseS)
        this.addErr(
          this.quickSelf(s.elseS)
            ? this.leafSelf(s.elseS)
            : ((yield this.self(s.elseS, false)) as VError | undefined),
        );
    }
  }
}
