// The executor against Go: every case in exec-go-cases.ts was run through Go 1.26's
// text/template with the same data and functions; output and error text must match exactly.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Template, TemplateError } from '../../src/template/index.js';
import { GoList, mapOf, type Value } from '../../src/go/value.js';
import { GO_CASES, type GoCase } from './exec-go-cases.js';
import { FUNCS, preset } from './exec-fixtures.js';

/** JSON as Go's encoding/json decodes it into interface{}: float64 numbers, []interface{}, maps. */
function fromJson(j: unknown): Value {
  if (j === null || j === undefined || typeof j !== 'object') return (j ?? null) as Value;
  if (Array.isArray(j)) return new GoList(j.map(fromJson));
  return mapOf(Object.fromEntries(Object.entries(j).map(([k, v]) => [k, fromJson(v)])));
}

/** Runs a case as the Go program did: `root` with the FuncMap, option, extra define files, then Execute. */
function run(c: GoCase): { out?: string; err?: string } {
  const t = new Template('root');
  if (!c.nofuncs) t.funcs(FUNCS);
  try {
    if (c.bare) return { out: t.execute(null) };
    if (c.opt) t.option(c.opt);
    for (const d of c.defs ?? []) t.new('defs').parse(d);
    t.parse(c.tpl);
  } catch (e) {
    if (e instanceof TemplateError && e.name === 'ParseError') return { err: 'PARSE: ' + e.message };
    if (e instanceof TemplateError) return { err: e.message };
    throw e;
  }
  try {
    const data = preset(c.preset ?? '', fromJson(c.data));
    return { out: c.exec ? t.executeTemplate(c.exec, data) : t.execute(data) };
  } catch (e) {
    if (e instanceof TemplateError) return { err: e.message };
    throw e;
  }
}

describe('executor matches Go text/template', () => {
  for (const c of GO_CASES) {
    const label = `${c.tpl}${c.opt ? ` [${c.opt}]` : ''}${c.preset ? ` (${c.preset})` : ''}`;
    it(label, () => {
      const got = run(c);
      if (c.err !== undefined) assert.equal(got.err, c.err);
      else assert.deepEqual(got, { out: c.out });
    });
  }
});
