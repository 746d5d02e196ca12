// The template set and executor API: define precedence, clone, lookup, options, FuncMap
// checks, error objects, recursion depth and our limits. Expected texts are Go 1.26's
// (observed with a throwaway Go program running the same calls).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExecError, LimitError, ParseError, Template, TemplateError } from '../../src/template/index.js';
import { GoError, GoFunc, GoInt, GoList, GoObject, int, mapOf, type Value } from '../../src/go/value.js';

const fn = (
  name: string,
  params: string[],
  results: string[],
  f: (...a: Value[]) => Value,
  returnsError = false,
): GoFunc => new GoFunc(name, { params, results, returnsError }, f);

const err = (f: () => unknown): Error => {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  assert.fail('expected an error');
};

describe('template set: parse, define precedence, lookup', () => {
  it('a later parse of a define replaces it; an empty body never does', () => {
    const t = new Template('root');
    t.parse('{{define "a"}}A1{{end}}root1');
    assert.equal(t.execute(null), 'root1');
    assert.equal(t.executeTemplate('a', null), 'A1');
    t.new('other').parse('{{define "a"}}A2{{end}}');
    assert.equal(t.executeTemplate('a', null), 'A2');
    assert.equal(t.executeTemplate('other', null), '');
    t.new('x').parse('{{define "a"}}  {{end}}');
    assert.equal(t.executeTemplate('a', null), 'A2');
  });

  it('parsing only defines keeps the root body; a new body replaces it', () => {
    const t = new Template('root');
    t.parse('root1');
    t.parse('{{define "b"}}B{{end}}');
    assert.equal(t.execute(null), 'root1');
    assert.equal(t.executeTemplate('b', null), 'B');
    t.parse('root2');
    assert.equal(t.execute(null), 'root2');
  });

  it('clone copies the name space: later parses stay in their own set', () => {
    const t = new Template('root');
    t.parse('{{define "a"}}A{{end}}root');
    const c = t.clone();
    c.parse('{{define "a"}}CA{{end}}clone');
    assert.equal(t.execute(null), 'root');
    assert.equal(t.executeTemplate('a', null), 'A');
    assert.equal(c.execute(null), 'clone');
    assert.equal(c.executeTemplate('a', null), 'CA');
    // Templates changed in place in the original after the clone: the clone keeps its copies.
    t.lookup('a')!.parse('A2');
    t.parse('{{define "d"}}D{{end}}root3');
    assert.equal(t.executeTemplate('a', null), 'A2');
    assert.equal(c.executeTemplate('a', null), 'CA');
    assert.equal(c.lookup('d'), undefined);
    t.delims('<<', '>>');
    const c2 = t.clone();
    t.lookup('a')!.parse('A3');
    t.lookup('d')!.delims('[[', ']]');
    assert.equal(c2.executeTemplate('a', null), 'A2');
    assert.equal(t.executeTemplate('a', null), 'A3');
    assert.equal(c2.lookup('d')!.new('e').parse('{{"x"}}').execute(null), 'x');
    assert.equal(t.lookup('d')!.new('f').parse('[["y"]]').execute(null), 'y');
    assert.equal(c2.new('g').parse('<<"z">>').execute(null), 'z');
    t.new('c').parse('only-in-orig');
    assert.equal(c.lookup('c'), undefined);
    assert.ok(t.lookup('c'));
    assert.equal(
      err(() => c.executeTemplate('c', null)).message,
      'template: no template "c" associated with template "root"',
    );
  });

  it('clones of clones, deeper than the layers kept, each keep their own templates and funcs', () => {
    // Each level redefines "a", adds a function and a template, then its parent changes "a" in
    // place; every level must still see exactly its own state (Go copies on every Clone, and a
    // template runs in the set it was looked up in).
    const sets: Template[] = [new Template('root')];
    sets[0]!.parse('{{define "a"}}0{{end}}{{template "a"}}');
    for (let i = 1; i <= 7; i++) {
      const c = sets[i - 1]!.clone();
      c.funcs(new Map([[`f${i}`, fn(`f${i}`, [], ['string'], () => `F${i}`)]]));
      c.parse(`{{define "a"}}${i}{{end}}{{define "t${i}"}}{{f${i}}}{{template "a"}}{{end}}{{template "a"}}`);
      sets[i - 1]!.lookup('a')!.parse(`changed${i - 1}`);
      sets.push(c);
    }
    // Each set's own "t" changed in place afterwards reaches none of its clones.
    for (let i = 1; i <= 7; i++) sets[i]!.lookup(`t${i}`)!.parse(`{{f${i}}}{{template "a"}}!`);
    for (let i = 0; i <= 7; i++) {
      const s = sets[i]!;
      assert.equal(s.execute(null), i === 7 ? '7' : `changed${i}`);
      for (let j = 1; j <= 7; j++) {
        assert.equal(s.lookup(`t${j}`) !== undefined, j <= i, `set ${i} has t${j}`);
        // A template runs in the set it was looked up in: "a" is that set's own.
        const a = i === 7 ? '7' : `changed${i}`;
        if (j <= i) assert.equal(s.executeTemplate(`t${j}`, null), `F${j}${a}${j === i ? '!' : ''}`);
      }
      const parsesF = (j: number): boolean => {
        try {
          s.new('probe').parse(`{{f${j}}}`);
          return true;
        } catch {
          return false;
        }
      };
      assert.equal(parsesF(i + 1), false, `set ${i} does not know f${i + 1}`);
      if (i > 0) assert.ok(parsesF(i));
    }
  });

  it('clone keeps options and functions', () => {
    const t = new Template('root', { funcs: new Map([['hi', fn('hi', [], ['string'], () => 'hi')]]) });
    t.option('missingkey=error');
    t.parse('{{hi}}{{.x}}');
    const c = t.clone();
    assert.equal(
      err(() => c.execute(mapOf({}))).message,
      'template: root:1:8: executing "root" at <.x>: map has no entry for key "x"',
    );
    assert.equal(c.execute(mapOf({ x: 1 })), 'hi1');
  });

  it('two defines of one name in one parse fail', () => {
    const e = err(() => new Template('root').parse('{{define "d"}}1{{end}}{{define "d"}}2{{end}}'));
    assert.ok(e instanceof ParseError);
    assert.ok(e instanceof TemplateError);
    assert.equal(e.message, 'template: root:1: template: multiple definition of template "d"');
  });

  it('an unparsed template is incomplete; lookup, templates and definedTemplates are empty', () => {
    const u = new Template('u');
    const e = err(() => u.execute(null));
    assert.ok(e instanceof ExecError);
    assert.equal(e.message, 'template: u: "u" is an incomplete or empty template');
    assert.equal(u.lookup('u'), undefined);
    assert.equal(u.templates().length, 0);
    assert.equal(u.definedTemplates(), '');
    assert.equal(
      err(() => new Template('%d').execute(null)).message,
      'template: %d: "%d" is an incomplete or empty template',
    );
  });

  it('a template made with new() is executable by name but the root stays undefined', () => {
    const e = new Template('e');
    e.new('e2').parse('e2');
    assert.equal(e.executeTemplate('e2', null), 'e2');
    assert.equal(err(() => e.execute(null)).message, 'template: e: "e" is an incomplete or empty template');
  });

  it('templates() and definedTemplates() list the set', () => {
    const d = new Template('d');
    d.parse('{{define "z"}}z{{end}}{{define "y"}}y{{end}}');
    assert.equal(d.templates().length, 3);
    assert.deepEqual(
      d
        .templates()
        .map((t) => t.name)
        .sort(),
      ['d', 'y', 'z'],
    );
    assert.equal(d.definedTemplates(), '; defined templates are: "d", "y", "z"');
    assert.equal(d.execute(null), '');
    assert.equal(d.lookup('y')?.name, 'y');
  });

  it('executeTemplate of an unknown name names the set root', () => {
    const t = new Template('w');
    t.parse('x');
    const e = err(() => t.executeTemplate('nope', null));
    assert.ok(e instanceof TemplateError);
    assert.equal(e.message, 'template: no template "nope" associated with template "w"');
  });

  it('{{template}} of an undefined name, with % in it', () => {
    const g = new Template('g').parse('{{template "%x"}}');
    assert.equal(
      err(() => g.execute(null)).message,
      'template: g:1:11: executing "g" at <{{template "%x"}}>: template "%x" not defined',
    );
  });

  it('custom delimiters apply to later parses', () => {
    const t = new Template('root').delims('[[', ']]');
    t.parse('[[ .a ]] {{ .a }}');
    assert.equal(t.execute(mapOf({ a: 'x' })), 'x {{ .a }}');
  });
});

describe('options and FuncMap checks', () => {
  it('option() accepts Go option strings and throws Go panic texts for others', () => {
    const t = new Template('t');
    for (const ok of ['missingkey=default', 'missingkey=invalid', 'missingkey=zero', 'missingkey=error'])
      t.option(ok);
    assert.equal(t.missingKey, 'error');
    assert.equal(err(() => t.option('bogus')).message, 'unrecognized option: bogus');
    assert.equal(err(() => t.option('')).message, 'empty option string');
    assert.equal(err(() => t.option('missingkey=nope')).message, 'unrecognized option: missingkey=nope');
    assert.equal(err(() => t.option('missingkey')).message, 'unrecognized option: missingkey');
  });

  it('the constructor takes missingKey and funcs', () => {
    const t = new Template('t', {
      missingKey: 'zero',
      funcs: new Map([['two', fn('two', [], ['int'], () => int(2))]]),
    });
    t.parse('{{two}}{{.a.b}}');
    assert.equal(
      err(() => t.execute(mapOf({}))).message,
      'template: t:1:11: executing "t" at <.a.b>: nil pointer evaluating interface {}.b',
    );
  });

  it('funcs() rejects bad names and signatures with Go texts', () => {
    const t = new Template('t');
    const s = () => '';
    assert.equal(
      err(() => t.funcs(new Map([['1a', fn('1a', [], ['string'], s)]]))).message,
      'function name "1a" is not a valid identifier',
    );
    assert.equal(
      err(() => t.funcs(new Map([['a-b', fn('a-b', [], ['string'], s)]]))).message,
      'function name "a-b" is not a valid identifier',
    );
    assert.equal(
      err(() =>
        t.funcs(new Map([['two', new GoFunc('two', { params: [], results: ['string', 'string'] }, s)]])),
      ).message,
      'invalid function signature for two: second return value should be error; is string',
    );
    assert.equal(
      err(() => t.funcs(new Map([['none', new GoFunc('none', { params: [], results: [] }, () => null)]])))
        .message,
      'function none has 0 return values; should be 1 or 2',
    );
    t.funcs(
      new Map([
        ['ok_1', fn('ok_1', [], ['string'], () => 'fine')],
        ['é', fn('é', [], ['string'], () => 'e')],
      ]),
    );
    assert.equal(t.parse('{{ok_1}}{{é}}').execute(null), 'finee');
  });

  it('functions must exist at parse time; ones added later parse afterwards', () => {
    const v = new Template('v');
    assert.equal(err(() => v.parse('{{nofunc}}')).message, 'template: v:1: function "nofunc" not defined');
    v.funcs(new Map([['late', fn('late', [], ['string'], () => 'L')]]));
    assert.equal(v.parse('{{late}}').execute(null), 'L');
  });

  it('a FuncMap entry shadows a builtin of the same name', () => {
    const t = new Template('t', {
      funcs: new Map([['len', fn('len', ['interface {}'], ['string'], () => 'mine')]]),
    });
    assert.equal(t.parse('{{len "abc"}}').execute(null), 'mine');
    assert.equal(new Template('u').parse('{{len "abc"}}').execute(null), '3');
  });
});

describe('execution errors', () => {
  it('ExecError carries the template, location, context and detail', () => {
    const t = new Template('root', { missingKey: 'zero' });
    t.parse('ab\ncd {{ .Values.a.b }}');
    const e = err(() => t.execute(mapOf({ Values: mapOf({}) })));
    assert.ok(e instanceof ExecError);
    assert.equal(
      e.message,
      'template: root:2:13: executing "root" at <.Values.a.b>: nil pointer evaluating interface {}.b',
    );
    assert.equal(e.templateName, 'root');
    assert.deepEqual(e.location, { parseName: 'root', line: 2, col: 13, context: '.Values.a.b' });
    assert.equal(e.detail, 'nil pointer evaluating interface {}.b');
  });

  it('errors from a nested execution nest their text and keep the inner error as cause', () => {
    const box: { t?: Template } = {};
    const include = fn(
      'include',
      ['string', 'interface {}'],
      ['string'],
      (n, d) => box.t!.executeTemplate(n as string, d),
      true,
    );
    const t = (box.t = new Template('w', { funcs: new Map([['include', include]]), missingKey: 'zero' }));
    t.parse('line1\n{{define "in"}}\n  x {{ .y.z }}{{end}}{{ include "in" . }}');
    const e = err(() => t.execute(mapOf({})));
    assert.ok(e instanceof ExecError);
    assert.equal(
      e.message,
      'template: w:3:24: executing "w" at <include "in" .>: error calling include: template: w:3:9: executing "in" at <.y.z>: nil pointer evaluating interface {}.z',
    );
    assert.equal(
      e.detail,
      'error calling include: template: w:3:9: executing "in" at <.y.z>: nil pointer evaluating interface {}.z',
    );
    const inner = e.cause;
    assert.ok(inner instanceof ExecError);
    assert.equal(inner.templateName, 'in');
    assert.deepEqual(inner.location, { parseName: 'w', line: 3, col: 9, context: '.y.z' });
  });

  it('a function error keeps the thrown error as cause', () => {
    const boom = new GoError('bad thing');
    const t = new Template('t', {
      funcs: new Map([
        [
          'f',
          fn(
            'f',
            [],
            ['string'],
            () => {
              throw boom;
            },
            true,
          ),
        ],
      ]),
    });
    const e = err(() => t.parse('{{ f }}').execute(null));
    assert.ok(e instanceof ExecError);
    assert.equal(e.message, 'template: t:1:3: executing "t" at <f>: error calling f: bad thing');
    assert.equal(e.cause, boom);
  });

  it('a non-Error throw becomes its string, as Go formats a panic value', () => {
    const t = new Template('t', {
      funcs: new Map([
        [
          'f',
          fn('f', [], ['string'], () => {
            throw 'plain';
          }),
        ],
      ]),
    });
    assert.equal(
      err(() => t.parse('{{ f }}').execute(null)).message,
      'template: t:1:3: executing "t" at <f>: error calling f: plain',
    );
  });
});

describe('recursion depth', () => {
  const sub1 = new Map([
    ['sub1', fn('sub1', ['int'], ['int'], (a) => new GoInt('int', (a as GoInt).v - 1n))],
  ]);

  it("allows 99999 nested template calls and fails at Go's limit of 100000", () => {
    const t = new Template('root', { funcs: sub1 });
    t.parse('{{define "r"}}{{if .}}{{template "r" sub1 .}}{{else}}done{{end}}{{end}}{{template "r" .}}');
    assert.equal(t.execute(int(99999)), 'done');
    const e = err(() => t.execute(int(100000)));
    assert.ok(e instanceof ExecError);
    assert.equal(
      e.message,
      'template: root:1:33: executing "r" at <{{template "r" sub1 .}}>: exceeded maximum template depth (100000)',
    );
  });

  it('unbounded recursion ends with the depth error, not a JS stack overflow', () => {
    const t = new Template('root').parse('{{define "rec"}}{{template "rec" .}}{{end}}{{template "rec" .}}');
    assert.equal(
      err(() => t.execute(null)).message,
      'template: root:1:27: executing "rec" at <{{template "rec" .}}>: exceeded maximum template depth (100000)',
    );
  });

  it('execution state is restored after a template call (variables, dot, template name in errors)', () => {
    const t = new Template('root');
    t.parse(
      '{{define "x"}}[{{.}}]{{end}}{{$v := "V"}}{{range .}}{{template "x" .}}{{$v}}{{.}}{{end}}{{.missing.y}}',
    );
    assert.equal(
      err(() => t.execute(new GoList(['a', 'b']))).message,
      'template: root:1:98: executing "root" at <.missing.y>: can\'t evaluate field missing in type []interface {}',
    );
    const u = new Template('root').parse(
      '{{define "x"}}[{{.}}]{{end}}{{$v := "V"}}{{range .}}{{template "x" .}}{{$v}}{{.}}{{end}}',
    );
    assert.equal(u.execute(new GoList(['a', 'b'])), '[a]Va[b]Vb');
  });
});

describe('named basic types', () => {
  /** A time.Duration-like named int64 that prints as `<n>ns`. */
  class Nanos extends GoObject {
    readonly goType = 'time.Duration';
    readonly goKind = 'int64' as const;
    constructor(readonly ns: bigint) {
      super();
    }
    override stringer(): string {
      return `${this.ns}ns`;
    }
    override underlying(): Value {
      return new GoInt('int64', this.ns);
    }
    override withUnderlying(v: Value): Value {
      return new Nanos((v as GoInt).v);
    }
  }

  it('range over a named integer yields values of the named type', () => {
    const t = new Template('t').parse('{{ range .d }}{{ . }},{{ end }}');
    assert.equal(t.execute(mapOf({ d: new Nanos(3n) })), '0ns,1ns,2ns,');
    const u = new Template('t').parse('{{ range $i, $x := .d }}{{ end }}');
    assert.equal(
      err(() => u.execute(mapOf({ d: new Nanos(2n) }))).message,
      'template: t:1:19: executing "t" at <.d>: can\'t use 2ns to iterate over more than one variable',
    );
  });

  it('comparisons see the underlying value', () => {
    const t = new Template('t').parse('{{ eq .d 3 }} {{ lt .d 5 }} {{ eq .d .e }}');
    assert.equal(t.execute(mapOf({ d: new Nanos(3n), e: new Nanos(3n) })), 'true true true');
  });
});

describe('JS stack exhaustion', () => {
  it('runaway nested executions end in a LimitError, never a wrapped RangeError', () => {
    const box: { t?: Template } = {};
    const include = fn(
      'include',
      ['string', 'interface {}'],
      ['string'],
      (n, d) => box.t!.executeTemplate(n as string, d),
      true,
    );
    const t = (box.t = new Template('w', { funcs: new Map([['include', include]]) }));
    t.parse('{{define "loop"}}{{include "loop" .}}{{end}}{{include "loop" .}}');
    const e = err(() => t.execute(null));
    assert.ok(e instanceof LimitError);
    assert.equal(e.message, 'template: w: nesting too deep for this engine (JS stack exhausted)');
  });

  it("a RangeError of a function itself is that function's error", () => {
    const f = fn('f', [], ['string'], () => {
      throw new RangeError('Invalid array length');
    });
    const t = new Template('t', { funcs: new Map([['f', f]]) }).parse('{{ f }}');
    assert.equal(
      err(() => t.execute(null)).message,
      'template: t:1:3: executing "t" at <f>: error calling f: Invalid array length',
    );
  });
});

describe('limits for untrusted templates', () => {
  it('maxOutputBytes stops a run that writes too much', () => {
    const t = new Template('big', { limits: { maxOutputBytes: 1000 } });
    t.parse('{{range 2000}}x{{end}}');
    const e = err(() => t.execute(null));
    assert.ok(e instanceof LimitError);
    assert.ok(e instanceof TemplateError);
    assert.equal(e.message, 'template: big: output exceeds 1000 bytes');
    assert.equal(t.parse('{{range 1000}}x{{end}}').execute(null).length, 1000);
  });

  it('maxOutputBytes counts UTF-8 bytes', () => {
    const t = new Template('u', { limits: { maxOutputBytes: 10 } });
    assert.equal(t.parse('{{range 5}}é{{end}}').execute(null), 'ééééé');
    assert.ok(err(() => t.parse('{{range 6}}é{{end}}').execute(null)) instanceof LimitError);
  });

  it('timeoutMs stops a long loop', () => {
    const t = new Template('slow', { limits: { timeoutMs: 50 } });
    t.parse('{{range 1000000000000}}{{end}}');
    const e = err(() => t.execute(null));
    assert.ok(e instanceof LimitError);
    assert.equal(e.message, 'template: slow: execution exceeded the time limit');
  });

  it('a limit hit inside a nested execution is not wrapped as a function error', () => {
    const box: { t?: Template } = {};
    const include = fn(
      'include',
      ['string', 'interface {}'],
      ['string'],
      (n, d) => box.t!.executeTemplate(n as string, d),
      true,
    );
    const t = (box.t = new Template('w', {
      funcs: new Map([['include', include]]),
      limits: { maxOutputBytes: 100 },
    }));
    t.parse('{{define "in"}}{{range 500}}y{{end}}{{end}}{{ include "in" . }}');
    const e = err(() => t.execute(null));
    assert.ok(e instanceof LimitError);
    assert.equal(e.message, 'template: in: output exceeds 100 bytes');
  });
});
