// Go's text/template/parse, reproduced: node shapes, String() round trips, tree sets, error
// contexts and every parse error. The tables at the end were observed from Go 1.26
// (text/template/parse.Parse with the builtins plus a few user functions).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, ParseError, type ParseOptions } from '../../src/template/parse/parse.js';
import {
  errorContext,
  isEmptyTree,
  nodeString,
  bytePos,
  type ActionNode,
  type ArgNode,
  type IfNode,
  type Node,
  type NumberNode,
  type RangeNode,
  type TemplateNode,
  type Tree,
} from '../../src/template/parse/node.js';
import { goQuote } from '../../src/template/parse/quote.js';

const BUILTINS = new Set([
  'and',
  'call',
  'html',
  'index',
  'slice',
  'js',
  'len',
  'not',
  'or',
  'print',
  'printf',
  'println',
  'urlquery',
  'eq',
  'ge',
  'gt',
  'le',
  'lt',
  'ne',
]);
const USER = [
  'include',
  'default',
  'quote',
  'upper',
  'dict',
  'list',
  'toYaml',
  'indent',
  'nindent',
  'tpl',
  'required',
  'printf2',
];

function p(text: string, opts: ParseOptions & { name?: string; user?: string[] } = {}): Map<string, Tree> {
  return parse(opts.name ?? 't.tpl', text, { funcs: [new Set(opts.user ?? USER), BUILTINS], ...opts });
}

function root(text: string): Node[] {
  return p(text).get('t.tpl')!.root.nodes;
}

/** The first argument of the first command of the first action. */
function arg0(text: string): ArgNode {
  return (root(text)[0] as ActionNode).pipe.cmds[0].args[0];
}

function parseError(text: string, opts: ParseOptions & { user?: string[] } = {}): string {
  try {
    p(text, opts);
  } catch (e) {
    assert.ok(e instanceof ParseError, `not a ParseError: ${String(e)}`);
    return e.message;
  }
  assert.fail(`no error for ${JSON.stringify(text)}`);
}

test('a template parses to a tree named after it, and String() re-prints it', () => {
  const trees = p('a {{ .Values.name | quote }} b');
  assert.deepEqual([...trees.keys()], ['t.tpl']);
  const t = trees.get('t.tpl')!;
  assert.equal(t.name, 't.tpl');
  assert.equal(t.parseName, 't.tpl');
  assert.equal(nodeString(t.root), 'a {{.Values.name | quote}} b');
});

test('define and block add trees; the top level keeps the parse name', () => {
  const trees = p('{{define "x"}}X{{end}}top{{block "b" .}}B{{end}}', { name: 'file.yaml' });
  assert.deepEqual([...trees.keys()].sort(), ['b', 'file.yaml', 'x']);
  assert.equal(nodeString(trees.get('x')!.root), 'X');
  assert.equal(trees.get('x')!.parseName, 'file.yaml');
  assert.equal(nodeString(trees.get('file.yaml')!.root), 'top{{template "b" .}}');
  assert.equal(nodeString(trees.get('b')!.root), 'B');
});

test('an empty definition never replaces a non-empty one; two non-empty ones clash', () => {
  const trees = p('{{define "x"}}X{{end}}{{define "x"}} {{/* c */}} {{end}}');
  assert.equal(nodeString(trees.get('x')!.root), 'X');
  const later = p('{{define "x"}} {{end}}{{define "x"}}Y{{end}}');
  assert.equal(nodeString(later.get('x')!.root), 'Y');
  assert.equal(
    parseError('{{define "x"}}X{{end}}{{define "x"}}Y{{end}}'),
    'template: t.tpl:1: template: multiple definition of template "x"',
  );
});

test('isEmptyTree counts only space, including Unicode space, and comments as empty', () => {
  assert.equal(isEmptyTree(p(' \n\t\u00a0\u2003').get('t.tpl')!.root), true);
  assert.equal(isEmptyTree(p('{{/* c */}}').get('t.tpl')!.root), true);
  assert.equal(isEmptyTree(p('\ufeff').get('t.tpl')!.root), false);
  assert.equal(isEmptyTree(p('{{ .x }}').get('t.tpl')!.root), false);
  assert.equal(isEmptyTree(null), true);
});

test('fields, variables and chains keep their idents; a chain node is placed at its first field', () => {
  const f = arg0('{{ .Values.a.b }}');
  assert.equal(f.type, 'field');
  assert.deepEqual(f.type === 'field' && f.ident, ['Values', 'a', 'b']);
  assert.equal(f.pos, 10); // ".a", the second component, as Go
  const v = arg0('{{ $.a.b }}');
  assert.deepEqual(v.type === 'variable' && v.ident, ['$', 'a', 'b']);
  const c = arg0('{{ (include "x" .).y.z }}');
  assert.equal(c.type, 'chain');
  if (c.type !== 'chain') return;
  assert.deepEqual(c.field, ['y', 'z']);
  assert.equal(c.node.type, 'pipe');
  assert.equal(nodeString(c), '(include "x" .).y.z');
});

test('pipelines record declarations and assignment', () => {
  const [decl, assign] = root('{{ $x := 1 }}{{ $x = 2 }}') as ActionNode[];
  assert.equal(decl.pipe.isAssign, false);
  assert.deepEqual(
    decl.pipe.decl.map((d) => d.ident),
    [['$x']],
  );
  assert.equal(assign.pipe.isAssign, true);
  assert.equal(nodeString(assign), '{{$x = 2}}');
  const r = root('{{ range $i, $v := . }}{{ end }}')[0] as RangeNode;
  assert.deepEqual(
    r.pipe.decl.map((d) => d.ident[0]),
    ['$i', '$v'],
  );
});

test('number literals carry every exact representation, like Go ideal constants', () => {
  const n = (t: string): NumberNode => arg0(`{{ ${t} }}`) as NumberNode;
  const a = n('0x1F');
  assert.deepEqual(
    [a.isInt, a.isUint, a.isFloat, a.isComplex, a.int64, a.uint64, a.float64],
    [true, true, true, false, 31n, 31n, 31],
  );
  const c = n("'a'");
  assert.deepEqual([c.int64, c.float64, c.text], [97n, 97, "'a'"]);
  const big = n('18446744073709551615');
  assert.deepEqual([big.isInt, big.isUint, big.uint64], [false, true, 18446744073709551615n]);
  const f = n('1e3');
  assert.deepEqual([f.isInt, f.isFloat, f.int64, f.float64], [true, true, 1000n, 1000]);
  const h = n('1.5');
  assert.deepEqual([h.isInt, h.isUint, h.isFloat], [false, false, true]);
  const i = n('2i');
  assert.deepEqual([i.isComplex, i.isFloat, i.complex], [true, false, { re: 0, im: 2 }]);
  const z = n('1+0i');
  assert.deepEqual([z.isComplex, z.isFloat, z.isInt, z.int64], [true, true, true, 1n]);
  assert.equal(n('010').int64, 8n);
  assert.equal(n('1_000').int64, 1000n);
  assert.equal(n('0x1p-2').float64, 0.25);
  assert.equal(n('-0').isUint, true);
});

test('strings keep the quoted form and the unquoted value', () => {
  const s = arg0('{{ "a\\tb\\u00e9" }}');
  assert.deepEqual(s.type === 'string' && [s.quoted, s.text], ['"a\\tb\\u00e9"', 'a\tb\u00e9']);
  const r = arg0('{{ `x\r\ny` }}');
  assert.equal(r.type === 'string' && r.text, 'x\ny'); // Unquote drops CR in raw strings
});

test('else if and else with nest a branch in the else list', () => {
  const n = root('{{if .a}}A{{else if .b}}B{{else}}C{{end}}')[0] as IfNode;
  assert.equal(n.type, 'if');
  assert.equal(n.elseList!.nodes.length, 1);
  const inner = n.elseList!.nodes[0] as IfNode;
  assert.equal(inner.type, 'if');
  assert.equal(nodeString(inner.pipe), '.b');
  assert.equal(nodeString(n), '{{if .a}}A{{else}}{{if .b}}B{{else}}C{{end}}{{end}}');
  const w = root('{{with .a}}A{{else with .b}}B{{end}}')[0];
  assert.equal(nodeString(w), '{{with .a}}A{{else}}{{with .b}}B{{end}}{{end}}');
});

test('template nodes hold the unquoted name and an optional pipeline', () => {
  const [a, b] = root('{{ template "x" }}{{ template `y` .v }}') as TemplateNode[];
  assert.deepEqual([a.name, a.pipe], ['x', null]);
  assert.equal(b.name, 'y');
  assert.equal(nodeString(b), '{{template "y" .v}}');
  const q = root('{{ template "a\\x01\\"é" }}')[0];
  assert.equal(nodeString(q), '{{template "a\\x01\\"é"}}');
});

test('break and continue are keywords only inside range and when no such function exists', () => {
  const r = root('{{range .}}{{break}}{{continue}}{{end}}')[0] as RangeNode;
  assert.deepEqual(
    r.list.nodes.map((n) => n.type),
    ['break', 'continue'],
  );
  assert.equal(parseError('{{break}}'), 'template: t.tpl:1: {{break}} outside {{range}}');
  assert.equal(parseError('{{continue}}'), 'template: t.tpl:1: {{continue}} outside {{range}}');
  const asFunc = p('{{ break 1 }}', { user: ['break'] }).get('t.tpl')!;
  assert.equal((asFunc.root.nodes[0] as ActionNode).pipe.cmds[0].args[0].type, 'identifier');
});

test('function names are checked against every table unless skipFuncCheck is set', () => {
  assert.equal(parseError('{{ foo }}'), 'template: t.tpl:1: function "foo" not defined');
  assert.equal(
    nodeString(p('{{ foo 1 }}', { mode: { skipFuncCheck: true } }).get('t.tpl')!.root),
    '{{foo 1}}',
  );
  const funcs = [new Map([['foo', 1]]), new Set<string>()];
  assert.equal(nodeString(parse('x', '{{ foo }}', { funcs }).get('x')!.root), '{{foo}}');
});

test('comments are dropped unless parseComments is set', () => {
  assert.equal(nodeString(p('a{{/* c */}}b').get('t.tpl')!.root), 'ab');
  const kept = p('a{{- /* c */ -}} b', { mode: { parseComments: true } }).get('t.tpl')!.root;
  assert.deepEqual(
    kept.nodes.map((n) => n.type),
    ['text', 'comment', 'text'],
  );
  assert.equal(nodeString(kept), 'a{{/* c */}}b');
});

test('custom delimiters', () => {
  assert.equal(
    nodeString(p('<<.a>> {{.b}}', { leftDelim: '<<', rightDelim: '>>' }).get('t.tpl')!.root),
    '{{.a}} {{.b}}',
  );
  assert.equal(
    parseError('<< .a', { leftDelim: '<<', rightDelim: '>>' }),
    'template: t.tpl:1: unclosed action',
  );
});

test('errorContext: parse name, 1-based line, 0-based byte column, and the node re-printed', () => {
  const t = p('{{ define "x" }}\n  héllo {{ .Values.a.b }}\n{{ end }}', { name: 'templates/a.yaml' }).get(
    'x',
  )!;
  const action = t.root.nodes[1] as ActionNode;
  assert.deepEqual(errorContext(t, action.pipe.cmds[0].args[0]), {
    location: 'templates/a.yaml:2:19',
    context: '.Values.a.b',
  });
  assert.deepEqual(errorContext(t, action), {
    location: 'templates/a.yaml:2:12',
    context: '{{.Values.a.b}}',
  });
  assert.equal(bytePos('héllo', 5), 6);
  const top = p('{{ .a.b }}').get('t.tpl')!;
  assert.deepEqual(errorContext(top, top.root), { location: 't.tpl:1:0', context: '{{.a.b}}' });
});

test('a line number in an error is the line of the token the parser last read', () => {
  assert.equal(parseError('a\nb\n{{ .x }}\n{{ foo }}'), 'template: t.tpl:4: function "foo" not defined');
  assert.equal(parseError('{{ .a\n\n'), 'template: t.tpl:3: unclosed action started at t.tpl:1');
  assert.equal(parseError('{{ if .a }}\n{{ .b }}\n'), 'template: t.tpl:3: unexpected EOF');
});

test('deeply nested parentheses parse', () => {
  const depth = 200;
  const text = '{{ ' + '('.repeat(depth) + '1' + ')'.repeat(depth) + ' }}';
  assert.equal(
    nodeString(p(text).get('t.tpl')!.root),
    '{{' + '('.repeat(depth) + '1' + ')'.repeat(depth) + '}}',
  );
});

// ---- tables observed from Go 1.26 ----

interface GoCase {
  text: string;
  name?: string;
  left?: string;
  right?: string;
  funcs?: string[];
  err?: string;
  trees?: Record<string, string>;
}

const GO_CASES: GoCase[] = [
  // random token soups (seed 7): the first template for each distinct error, and some that parse
  {
    text: '{{$xif*/-}} (.a).b}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: "template: f:1: bad character U+002A '*'",
  },
  {
    text: '{{include-}}block({{-\n}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: "template: f:1: bad character U+002D '-'",
  },
  {
    text: '{{,\n}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: unexpected "," in command',
  },
  { text: '{{(.a).b}}', name: 'f', funcs: ['include', 'quote'], trees: { f: '{{(.a).b}}' } },
  {
    text: '{{/*/*include-}}}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: unclosed comment',
  },
  {
    text: "{{-}}){{-nil\"$'c'}}",
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: illegal number syntax: "-"',
  },
  {
    text: '{{.b.ctrue1nil(.a).bx=.ainclude}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: unexpected "(" in operand',
  },
  {
    text: '{{foo}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: function "foo" not defined',
  },
  {
    text: '{{continueend"\\q"-2withincludewith2i1,$y}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: "template: f:1: bad character U+0022 '\"'",
  },
  { text: '"a\\n"0x1f$x', name: 'f', funcs: ['include', 'quote'], trees: { f: '"a\\n"0x1f$x' } },
  {
    text: '{{-é "a\\n"niltrue$y',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: bad number syntax: "-é"',
  },
  { text: "'\n", name: 'f', funcs: ['include', 'quote'], trees: { f: "'\n" } },
  {
    text: "(.a).brange'c'*/}}1+2ié1.5}}with1.5:=",
    name: 'f',
    funcs: ['include', 'quote'],
    trees: { f: "(.a).brange'c'*/}}1+2ié1.5}}with1.5:=" },
  },
  {
    text: '{{template\n:=rangeifnil`r`$(.a).bend`nil`r`*/}}}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:2: unexpected ":=" in template clause',
  },
  {
    text: '{{x1+2i)$x\n=}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: "template: f:1: bad character U+002B '+'",
  },
  {
    text: "{{){{template'include=\"s\"'c'{{$xelse}}",
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: unexpected right paren',
  },
  {
    text: '{{"\\q"`x$x.anilifififif.adefine/*if-}}}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: invalid syntax',
  },
  { text: 'range:=.b.c0x1f', name: 'f', funcs: ['include', 'quote'], trees: { f: 'range:=.b.c0x1f' } },
  {
    text: '(foo1+2i$x/*"s"1.5quote2idefine.b.c.b.c"template',
    name: 'f',
    funcs: ['include', 'quote'],
    trees: { f: '(foo1+2i$x/*"s"1.5quote2idefine.b.c.b.c"template' },
  },
  {
    text: 'definedefine1\n$x.a:0x1f',
    name: 'f',
    funcs: ['include', 'quote'],
    trees: { f: 'definedefine1\n$x.a:0x1f' },
  },
  {
    text: "{{'{{/*:=break}}(break2i}}",
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: unterminated character constant',
  },
  {
    text: '{{}}"a\\n"break1*/`\n{{/*"}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: missing value for command',
  },
  {
    text: ':=1.5"\\q")continuecontinue',
    name: 'f',
    funcs: ['include', 'quote'],
    trees: { f: ':=1.5"\\q")continuecontinue' },
  },
  { text: '/*)foo$x.a$y"a\\n"', name: 'f', funcs: ['include', 'quote'], trees: { f: '/*)foo$x.a$y"a\\n"' } },
  {
    text: ',(.a).bif:$x.a)|breaktemplate1.5-}}}}',
    name: 'f',
    funcs: ['include', 'quote'],
    trees: { f: ',(.a).bif:$x.a)|breaktemplate1.5-}}}}' },
  },
  {
    text: '{{\n).a)define|}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:2: unexpected right paren in action started at f:1',
  },
  {
    text: 'é.b.c1+2i$y*/}}"a\\n"|define=end$y/*0x1f\n',
    name: 'f',
    funcs: ['include', 'quote'],
    trees: { f: 'é.b.c1+2i$y*/}}"a\\n"|define=end$y/*0x1f\n' },
  },
  {
    text: 'ifwithif:\n-:=:=$}}$xinclude',
    name: 'f',
    funcs: ['include', 'quote'],
    trees: { f: 'ifwithif:\n-:=:=$}}$xinclude' },
  },
  {
    text: '{{block,"a\\n"include-2}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: unexpected "," in block clause',
  },
  {
    text: 'else(.a).bblock$continue$xbreakblock}}',
    name: 'f',
    funcs: ['include', 'quote'],
    trees: { f: 'else(.a).bblock$continue$xbreakblock}}' },
  },
  {
    text: '{{breakbreaknildefine$y"\\q".anil-}},|}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: "template: f:1: bad character U+0024 '$'",
  },
  {
    text: '{{.ablockrangenil}}"a\\n" range-2fooblockquoteblock}}',
    name: 'f',
    funcs: ['include', 'quote'],
    trees: { f: '{{.ablockrangenil}}"a\\n" range-2fooblockquoteblock}}' },
  },
  { text: '"\\q"$x', name: 'f', funcs: ['include', 'quote'], trees: { f: '"\\q"$x' } },
  {
    text: '{{2i}}0x1fnilwithrange*/}}}}1+2i0x1fbreakfoo}}',
    name: 'f',
    funcs: ['include', 'quote'],
    trees: { f: '{{2i}}0x1fnilwithrange*/}}}}1+2i0x1fbreakfoo}}' },
  },
  { text: '{{\n"s"}}', name: 'f', funcs: ['include', 'quote'], trees: { f: '{{"s"}}' } },
  {
    text: '=`r`"a\\n"$(.a).bend"x(.a).b"s"if$xcontinue',
    name: 'f',
    funcs: ['include', 'quote'],
    trees: { f: '=`r`"a\\n"$(.a).bend"x(.a).b"s"if$xcontinue' },
  },
  {
    text: '{{x=`r`1.5$x.a}}"s"{{-{{}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: "template: f:1: bad character U+003D '='",
  },
  {
    text: 'nil|blockdefine,range.aé(.a).b',
    name: 'f',
    funcs: ['include', 'quote'],
    trees: { f: 'nil|blockdefine,range.aé(.a).b' },
  },
  {
    text: '{{`r`range{{}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: "template: f:1: bad character U+007B '{'",
  },
  { text: '{{0x1f}}', name: 'f', funcs: ['include', 'quote'], trees: { f: '{{0x1f}}' } },
  { text: 'é*/}}$y', name: 'f', funcs: ['include', 'quote'], trees: { f: 'é*/}}$y' } },
  {
    text: '"a\\n"-2-template$x\'c\'-',
    name: 'f',
    funcs: ['include', 'quote'],
    trees: { f: '"a\\n"-2-template$x\'c\'-' },
  },
  {
    text: "2i.a1+2i'rangenil-}}/*}}/*continue",
    name: 'f',
    funcs: ['include', 'quote'],
    trees: { f: "2i.a1+2i'rangenil-}}/*}}/*continue" },
  },
  {
    text: '{{ ::define"s"$x.a ""s"}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: expected :=',
  },
  {
    text: '{{():*/withtemplate"1+2i definex\'c\'"\\q"}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: missing value for parenthesized pipeline',
  },
  { text: '{{nil|}}', name: 'f', funcs: ['include', 'quote'], trees: { f: '{{nil}}' } },
  {
    text: '{{define}}}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: unexpected "}}" in define clause',
  },
  { text: '(.a).bblock', name: 'f', funcs: ['include', 'quote'], trees: { f: '(.a).bblock' } },
  {
    text: '{{if}}:={{templatexrangeif}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: missing value for if',
  },
  {
    text: '{{1+2i`include 2iend"a\\n"}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: unterminated raw quoted string',
  },
  {
    text: '{{2i"s"$x.atrue}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: unexpected "\\"s\\"" in operand',
  },
  {
    text: '{{""a\\n"with\nnil"\\q"{{-{{$y$)}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: "template: f:1: bad character U+005C '\\'",
  },
  {
    text: '{{continue}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: {{continue}} outside {{range}}',
  },
  {
    text: "if|{{$x.a'c':\"block (template",
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: undefined variable "$x"',
  },
  { text: '{{(}}', name: 'f', funcs: ['include', 'quote'], err: 'template: f:1: unclosed left paren' },
  {
    text: '{{else.b.cnil"a\\n"(1+2i}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: unexpected ".b" in else',
  },
  { text: '{{with}}', name: 'f', funcs: ['include', 'quote'], err: 'template: f:1: missing value for with' },
  {
    text: '$x.a2i*/|if-if({{end:=end.b.c',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: unexpected ":=" in end',
  },
  {
    text: "{{(.a).bwith'=$x.adefineif.a $1.5end2i}}",
    name: 'f',
    funcs: ['include', 'quote'],
    err: "template: f:1: bad character U+0027 '''",
  },
  {
    text: '"s"1/*`includeé-2-{{',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: unclosed action',
  },
  {
    text: '{{1.51.abreak1.5continue)elseinclude1}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: unexpected . after term "1.51"',
  },
  {
    text: '$ydefine*/}}continue{{1+2i"end:with\n:',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: unterminated quoted string',
  },
  {
    text: '{{(:=$"\\q" $x.a$x.a/*}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: unexpected ":=" in parenthesized pipeline',
  },
  {
    text: '{{\'c\'"a\\n"nil*/$"\\q"\'define}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: unexpected "\\"a\\\\n\\"" in operand',
  },
  {
    text: "{{$y/*'1|template{{/*(break}}",
    name: 'f',
    funcs: ['include', 'quote'],
    err: "template: f:1: bad character U+002F '/'",
  },
  {
    text: "{{quote`:{{:='-2with{{/*}}",
    name: 'f',
    funcs: ['include', 'quote'],
    err: "template: f:1: bad character U+0060 '`'",
  },
  {
    text: "{{(.a).bfoo\n1+2i11-quote:=`'}}",
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:2: bad number syntax: "1+2i1" in action started at f:1',
  },
  {
    text: '{{"s"template.a}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: unexpected <template> in operand',
  },
  {
    text: '{{`r`\nwithincludecontinue$xrange.b.cblock}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: "template: f:2: bad character U+0024 '$' in action started at f:1",
  },
  {
    text: "continue'c''withfoo{{/*true)*/1+2i|nil",
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: comment ends before closing delimiter',
  },
  {
    text: '{{range}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: missing value for range',
  },
  {
    text: '{{template\n:*/}}0x1f:true"s".a*/templateendtemplate}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:2: expected := in action started at f:1',
  },
  {
    text: '{{range\nbreak/*template"\n|$end$y\'c\'foo"\\q"}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: "template: f:2: bad character U+002F '/' in action started at f:1",
  },
  {
    text: '{{`r`"\\q""a\\n"")include1{{-}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: unexpected "\\"\\\\q\\"" in operand',
  },
  { text: '{{else}}', name: 'f', funcs: ['include', 'quote'], err: 'template: f:1: unexpected {{else}}' },
  { text: '{{end}}', name: 'f', funcs: ['include', 'quote'], err: 'template: f:1: unexpected {{end}}' },
  {
    text: '{{break:=block`}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: unexpected ":=" in {{break}}',
  },
  {
    text: "{{\nrange(\"{{-'c'range$'|1:}}",
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:2: unterminated quoted string in action started at f:1',
  },
  {
    text: '{{`r`else}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: unexpected <else> in operand',
  },
  { text: '{{if.a}}', name: 'f', funcs: ['include', 'quote'], err: 'template: f:1: unexpected EOF' },
  {
    text: '{{\nend"a\\n"1 block"\\q"range,x$x}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: "template: f:2: bad character U+0022 '\"' in action started at f:1",
  },
  {
    text: '{{with\n,with{{{{/*)éif.a|}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:2: unexpected "," in with',
  },
  {
    text: '{{if\n$,withé-}}`else/*range}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:2: too many declarations in if',
  },
  {
    text: '{{\n.b.crange truerange`end"s"template}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: "template: f:2: bad character U+0060 '`' in action started at f:1",
  },
  {
    text: '{{11+2i|else}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: unexpected <else> in command',
  },
  {
    text: "{{'(,),)0x1f}}if`r`'c'}}",
    name: 'f',
    funcs: ['include', 'quote'],
    err: "template: f:1: malformed character constant: '(,),)0x1f}}if`r`'",
  },
  {
    text: "{{'c'nil.aquotenil:=0x1f2i}}",
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: unexpected <nil> in operand',
  },
  {
    text: '{{1+2i$truerangeincludetrue}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: unexpected "$truerange"... in operand',
  },
  {
    text: '{{$,}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: too many declarations in command',
  },
  {
    text: '{{(break}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: unexpected <break> in parenthesized pipeline',
  },
  {
    text: '{{range:=*/}}quotetemplate*/\n}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: unexpected ":=" in range',
  },
  {
    text: '{{\n1.5$y-}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: "template: f:2: bad character U+002D '-' in action started at f:1",
  },
  {
    text: '{{-2i"`r`else:=.b.c"a\\n"elseend',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: unexpected "\\"`r`else:="... in operand',
  },
  {
    text: "{{continue.b.cquote'range",
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: unexpected ".b" in {{continue}}',
  },
  {
    text: '{{2i\ncontinue)else"a\\n"$y\n}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:2: unexpected <continue> in operand',
  },
  {
    text: '{{(template.a*/{{--}}{{/*}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: unexpected <template> in parenthesized pipeline',
  },
  {
    text: '{{/*,1+2iwith1+2i"s"($x.a`r`*/}}continue{{"s".a',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: unexpected . after term "\\"s\\""',
  },
  {
    text: '{{break}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: {{break}} outside {{range}}',
  },
  {
    text: '-}}{{"a\\n"" {{/*.b.c\'block($"',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: unexpected "\\" {{/*.b.c"... in operand',
  },
  {
    text: '{{"s"end}}"a\\n"/*block1:=`r`}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: unexpected <end> in operand',
  },
  {
    text: "{{\nelse'c'1+2i|}}",
    name: 'f',
    funcs: ['include', 'quote'],
    err: "template: f:2: bad character U+0027 ''' in action started at f:1",
  },
  { text: "{{if,':}}", name: 'f', funcs: ['include', 'quote'], err: 'template: f:1: unexpected "," in if' },
  {
    text: '{{(continue}}*/}}nil-}}.a*/}}}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: unexpected <continue> in parenthesized pipeline',
  },
  {
    text: '{{(end.b.cfootemplatex1.b.c}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: unexpected <end> in parenthesized pipeline',
  },
  {
    text: '{{"a\\n".b.c-2}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: unexpected . after term "\\"a\\\\n\\""',
  },
  {
    text: '{{`r`break}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: unexpected <break> in operand',
  },
  {
    text: '$y"foo{{"s"with($y*/templatenil$x:=',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: unexpected <with> in operand',
  },
  {
    text: '{{"s"\n(}}2i({{"a\\n"1.b.c.b.c$x}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:2: unclosed left paren in action started at f:1',
  },
  {
    text: '{{\'c\'"`r`break"foo:=}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: unexpected "\\"`r`break\\"" in operand',
  },
  {
    text: '{{1+2i"\'c\'1:=with"a\\n"ififnil0x1f,{{-*/}}',
    name: 'f',
    funcs: ['include', 'quote'],
    err: 'template: f:1: unexpected "\\"\'c\'1:=wit"... in operand',
  },

  {
    text: '',
    trees: {
      't.tpl': '',
    },
  },
  {
    text: 'hello',
    trees: {
      't.tpl': 'hello',
    },
  },
  {
    text: 'a{{.}}b',
    trees: {
      't.tpl': 'a{{.}}b',
    },
  },
  {
    text: '{{.Values.a.b}}',
    trees: {
      't.tpl': '{{.Values.a.b}}',
    },
  },
  {
    text: '{{ .Values.a.b }}',
    trees: {
      't.tpl': '{{.Values.a.b}}',
    },
  },
  {
    text: '{{$}}',
    trees: {
      't.tpl': '{{$}}',
    },
  },
  {
    text: '{{$.a.b}}',
    trees: {
      't.tpl': '{{$.a.b}}',
    },
  },
  {
    text: '{{$x := 1}}{{$x}}',
    trees: {
      't.tpl': '{{$x := 1}}{{$x}}',
    },
  },
  {
    text: '{{$x := .a}}{{$x = 2}}{{$x.b.c}}',
    trees: {
      't.tpl': '{{$x := .a}}{{$x = 2}}{{$x.b.c}}',
    },
  },
  {
    text: '{{- .x -}}',
    trees: {
      't.tpl': '{{.x}}',
    },
  },
  {
    text: 'a  \n {{- .x -}} \n b',
    trees: {
      't.tpl': 'a{{.x}}b',
    },
  },
  {
    text: 'a {{-3}} b',
    trees: {
      't.tpl': 'a {{-3}} b',
    },
  },
  {
    text: 'a {{- 3}}',
    trees: {
      't.tpl': 'a{{3}}',
    },
  },
  {
    text: '{{3 -}} a',
    trees: {
      't.tpl': '{{3}}a',
    },
  },
  {
    text: '{{3-}}',
    err: 'template: t.tpl:1: bad number syntax: "3-"',
  },
  {
    text: '{{/* c */}}',
    trees: {
      't.tpl': '',
    },
  },
  {
    text: 'a {{- /* c */ -}} b',
    trees: {
      't.tpl': 'ab',
    },
  },
  {
    text: '{{- /* multi\nline */}}x',
    trees: {
      't.tpl': 'x',
    },
  },
  {
    text: '{{ /* x */ }}',
    err: 'template: t.tpl:1: unexpected "/" in command',
  },
  {
    text: '{{/* x */ }}',
    err: 'template: t.tpl:1: comment ends before closing delimiter',
  },
  {
    text: '{{/* x',
    err: 'template: t.tpl:1: unclosed comment',
  },
  {
    text: '{{/*x*/-}}',
    err: 'template: t.tpl:1: comment ends before closing delimiter',
  },
  {
    text: '{{if .a}}A{{end}}',
    trees: {
      't.tpl': '{{if .a}}A{{end}}',
    },
  },
  {
    text: '{{if .a}}A{{else}}B{{end}}',
    trees: {
      't.tpl': '{{if .a}}A{{else}}B{{end}}',
    },
  },
  {
    text: '{{if .a}}A{{else if .b}}B{{else}}C{{end}}',
    trees: {
      't.tpl': '{{if .a}}A{{else}}{{if .b}}B{{else}}C{{end}}{{end}}',
    },
  },
  {
    text: '{{if .a}}A{{else if .b}}B{{else if .c}}C{{end}}',
    trees: {
      't.tpl': '{{if .a}}A{{else}}{{if .b}}B{{else}}{{if .c}}C{{end}}{{end}}{{end}}',
    },
  },
  {
    text: '{{with .a}}A{{else with .b}}B{{else}}C{{end}}',
    trees: {
      't.tpl': '{{with .a}}A{{else}}{{with .b}}B{{else}}C{{end}}{{end}}',
    },
  },
  {
    text: '{{with $x := .a}}{{$x}}{{end}}',
    trees: {
      't.tpl': '{{with $x := .a}}{{$x}}{{end}}',
    },
  },
  {
    text: '{{range .a}}{{.}}{{end}}',
    trees: {
      't.tpl': '{{range .a}}{{.}}{{end}}',
    },
  },
  {
    text: '{{range $i, $v := .a}}{{$i}}{{$v}}{{else}}none{{end}}',
    trees: {
      't.tpl': '{{range $i, $v := .a}}{{$i}}{{$v}}{{else}}none{{end}}',
    },
  },
  {
    text: '{{range $v := .a}}{{break}}{{continue}}{{end}}',
    trees: {
      't.tpl': '{{range $v := .a}}{{break}}{{continue}}{{end}}',
    },
  },
  {
    text: '{{range .}}{{if .}}{{break}}{{end}}{{end}}',
    trees: {
      't.tpl': '{{range .}}{{if .}}{{break}}{{end}}{{end}}',
    },
  },
  {
    text: '{{break}}',
    err: 'template: t.tpl:1: {{break}} outside {{range}}',
  },
  {
    text: '{{continue}}',
    err: 'template: t.tpl:1: {{continue}} outside {{range}}',
  },
  {
    text: '{{range .}}{{break 1}}{{end}}',
    err: 'template: t.tpl:1: unexpected "1" in {{break}}',
  },
  {
    text: '{{template "x"}}',
    trees: {
      't.tpl': '{{template "x"}}',
    },
  },
  {
    text: '{{template "x" .}}',
    trees: {
      't.tpl': '{{template "x" .}}',
    },
  },
  {
    text: '{{template `x` .a | quote}}',
    trees: {
      't.tpl': '{{template "x" .a | quote}}',
    },
  },
  {
    text: '{{define "x"}}X{{end}}',
    trees: {
      't.tpl': '',
      x: 'X',
    },
  },
  {
    text: '{{define "x"}}X{{end}}{{template "x" .}}',
    trees: {
      't.tpl': '{{template "x" .}}',
      x: 'X',
    },
  },
  {
    text: '{{block "b" .}}B{{end}}',
    trees: {
      b: 'B',
      't.tpl': '{{template "b" .}}',
    },
  },
  {
    text: 'a{{block "b" .x}}B{{.}}{{end}}c',
    trees: {
      b: 'B{{.}}',
      't.tpl': 'a{{template "b" .x}}c',
    },
  },
  {
    text: '{{define "x"}}{{end}}',
    trees: {
      't.tpl': '',
      x: '',
    },
  },
  {
    text: '{{define "x"}}  {{/* c */}}\n{{end}}{{define "x"}}Y{{end}}',
    trees: {
      't.tpl': '',
      x: 'Y',
    },
  },
  {
    text: '{{define "x"}}X{{end}}{{define "x"}}Y{{end}}',
    err: 'template: t.tpl:1: template: multiple definition of template "x"',
  },
  {
    text: '{{define "x"}}X{{end}}{{define "x"}} {{end}}',
    trees: {
      't.tpl': '',
      x: 'X',
    },
  },
  {
    text: 'x{{define "t.tpl"}}Y{{end}}',
    err: 'template: t.tpl:1: template: multiple definition of template "t.tpl"',
  },
  {
    text: ' {{define "t.tpl"}}Y{{end}}',
    trees: {
      't.tpl': 'Y',
    },
  },
  {
    text: '{{include "x" . | indent 4}}',
    trees: {
      't.tpl': '{{include "x" . | indent 4}}',
    },
  },
  {
    text: '{{(include "x" .).y}}',
    trees: {
      't.tpl': '{{(include "x" .).y}}',
    },
  },
  {
    text: '{{(dict "a" 1).a}}',
    trees: {
      't.tpl': '{{(dict "a" 1).a}}',
    },
  },
  {
    text: '{{ printf "%s" (quote .a) }}',
    trees: {
      't.tpl': '{{printf "%s" (quote .a)}}',
    },
  },
  {
    text: '{{ .a | default "x" | quote }}',
    trees: {
      't.tpl': '{{.a | default "x" | quote}}',
    },
  },
  {
    text: '{{ $x := dict }}{{ $x.a.b }}',
    trees: {
      't.tpl': '{{$x := dict}}{{$x.a.b}}',
    },
  },
  {
    text: '{{ nil }}',
    trees: {
      't.tpl': '{{nil}}',
    },
  },
  {
    text: '{{ index . nil }}',
    trees: {
      't.tpl': '{{index . nil}}',
    },
  },
  {
    text: '{{ true }}{{ false }}',
    trees: {
      't.tpl': '{{true}}{{false}}',
    },
  },
  {
    text: '{{ "a\\tb" }}',
    trees: {
      't.tpl': '{{"a\\tb"}}',
    },
  },
  {
    text: '{{ `raw\nstring` }}',
    trees: {
      't.tpl': '{{`raw\nstring`}}',
    },
  },
  {
    text: "{{ 'a' }}",
    trees: {
      't.tpl': "{{'a'}}",
    },
  },
  {
    text: '{{ 1.5 }}',
    trees: {
      't.tpl': '{{1.5}}',
    },
  },
  {
    text: '{{ 0x1F }}',
    trees: {
      't.tpl': '{{0x1F}}',
    },
  },
  {
    text: '{{ .a.b | printf "%v" }}',
    trees: {
      't.tpl': '{{.a.b | printf "%v"}}',
    },
  },
  {
    text: '{{ . | .a }}',
    trees: {
      't.tpl': '{{. | .a}}',
    },
  },
  {
    text: '{{ .a 1 2 }}',
    trees: {
      't.tpl': '{{.a 1 2}}',
    },
  },
  {
    text: '{{ $ | len }}',
    trees: {
      't.tpl': '{{$ | len}}',
    },
  },
  {
    text: '{{ and .a .b | not }}',
    trees: {
      't.tpl': '{{and .a .b | not}}',
    },
  },
  {
    text: '{{ or (eq .a 1) (ne .b 2) }}',
    trees: {
      't.tpl': '{{or (eq .a 1) (ne .b 2)}}',
    },
  },
  {
    text: '{{(.a).b}}',
    trees: {
      't.tpl': '{{(.a).b}}',
    },
  },
  {
    text: '{{(.a.b).c.d}}',
    trees: {
      't.tpl': '{{(.a.b).c.d}}',
    },
  },
  {
    text: '{{ $.Values.x }}',
    trees: {
      't.tpl': '{{$.Values.x}}',
    },
  },
  {
    text: '{{ .Values.x-y }}',
    err: "template: t.tpl:1: bad character U+002D '-'",
  },
  {
    text: '{{ .Values.x- }}',
    err: "template: t.tpl:1: bad character U+002D '-'",
  },
  {
    text: '{{$x-1}}',
    err: "template: t.tpl:1: bad character U+002D '-'",
  },
  {
    text: '{{ $x }}',
    err: 'template: t.tpl:1: undefined variable "$x"',
  },
  {
    text: '{{ $x := 1 }}{{ if true }}{{ $y := 2 }}{{ end }}{{ $y }}',
    err: 'template: t.tpl:1: undefined variable "$y"',
  },
  {
    text: '{{ range $i, $v := . }}{{end}}{{$i}}',
    err: 'template: t.tpl:1: undefined variable "$i"',
  },
  {
    text: '{{ with $x := 1 }}{{ end }}{{ $x }}',
    err: 'template: t.tpl:1: undefined variable "$x"',
  },
  {
    text: '{{ range $a, $b, $c := . }}{{end}}',
    err: 'template: t.tpl:1: too many declarations in range',
  },
  {
    text: '{{ range $a, 1 := . }}{{end}}',
    err: 'template: t.tpl:1: range can only initialize variables',
  },
  {
    text: '{{ $a, $b := . }}',
    err: 'template: t.tpl:1: too many declarations in command',
  },
  {
    text: '{{ if }}{{end}}',
    err: 'template: t.tpl:1: missing value for if',
  },
  {
    text: '{{ range }}{{end}}',
    err: 'template: t.tpl:1: missing value for range',
  },
  {
    text: '{{ with }}{{end}}',
    err: 'template: t.tpl:1: missing value for with',
  },
  {
    text: '{{}}',
    err: 'template: t.tpl:1: missing value for command',
  },
  {
    text: '{{ }}',
    err: 'template: t.tpl:1: missing value for command',
  },
  {
    text: '{{ | }}',
    err: 'template: t.tpl:1: unexpected "|" in command',
  },
  {
    text: '{{ .a | 1 }}',
    err: 'template: t.tpl:1: non executable command in pipeline stage 2',
  },
  {
    text: '{{ .a | "s" }}',
    err: 'template: t.tpl:1: non executable command in pipeline stage 2',
  },
  {
    text: '{{ .a | . }}',
    err: 'template: t.tpl:1: non executable command in pipeline stage 2',
  },
  {
    text: '{{ .a | nil }}',
    err: 'template: t.tpl:1: non executable command in pipeline stage 2',
  },
  {
    text: '{{ .a | true }}',
    err: 'template: t.tpl:1: non executable command in pipeline stage 2',
  },
  {
    text: '{{ .a | upper | 3 }}',
    err: 'template: t.tpl:1: non executable command in pipeline stage 3',
  },
  {
    text: '{{ define "x" }}{{ end }}',
    trees: {
      't.tpl': '',
      x: '',
    },
  },
  {
    text: '{{ if .a }}{{ define "x" }}{{ end }}{{ end }}',
    err: 'template: t.tpl:1: unexpected <define> in command',
  },
  {
    text: '{{ .a (define) }}',
    err: 'template: t.tpl:1: unexpected <define> in parenthesized pipeline',
  },
  {
    text: '{{end}}',
    err: 'template: t.tpl:1: unexpected {{end}}',
  },
  {
    text: '{{else}}',
    err: 'template: t.tpl:1: unexpected {{else}}',
  },
  {
    text: '{{if .a}}{{else}}{{else}}{{end}}',
    err: 'template: t.tpl:1: expected end; found {{else}}',
  },
  {
    text: '{{if .a}}',
    err: 'template: t.tpl:1: unexpected EOF',
  },
  {
    text: '{{range .}}{{else}}',
    err: 'template: t.tpl:1: unexpected EOF',
  },
  {
    text: '{{ .a }',
    err: 'template: t.tpl:1: unexpected "}" in operand',
  },
  {
    text: '{{ .a }}}',
    trees: {
      't.tpl': '{{.a}}}',
    },
  },
  {
    text: '{{ .a ) }}',
    err: 'template: t.tpl:1: unexpected right paren',
  },
  {
    text: '{{ (.a }}',
    err: 'template: t.tpl:1: unclosed left paren',
  },
  {
    text: '{{ foo }}',
    err: 'template: t.tpl:1: function "foo" not defined',
  },
  {
    text: '{{ .a | foo }}',
    err: 'template: t.tpl:1: function "foo" not defined',
  },
  {
    text: '{{ nil.a }}',
    err: 'template: t.tpl:1: unexpected . after term "nil"',
  },
  {
    text: '{{ 1.a }}',
    err: 'template: t.tpl:1: bad number syntax: "1.a"',
  },
  {
    text: '{{ "s".a }}',
    err: 'template: t.tpl:1: unexpected . after term "\\"s\\""',
  },
  {
    text: '{{ true.a }}',
    err: 'template: t.tpl:1: unexpected . after term "true"',
  },
  {
    text: '{{ ..a }}',
    err: 'template: t.tpl:1: unexpected . after term "."',
  },
  {
    text: '{{ .a. }}',
    err: 'template: t.tpl:1: unexpected <.> in operand',
  },
  {
    text: '{{ "unterminated }}',
    err: 'template: t.tpl:1: unterminated quoted string',
  },
  {
    text: '{{ "a\nb" }}',
    err: 'template: t.tpl:1: unterminated quoted string',
  },
  {
    text: '{{ `unterminated }}',
    err: 'template: t.tpl:1: unterminated raw quoted string',
  },
  {
    text: "{{ 'a }}",
    err: 'template: t.tpl:1: unterminated character constant',
  },
  {
    text: "{{ '\n' }}",
    err: 'template: t.tpl:1: unterminated character constant',
  },
  {
    text: '{{ "\\q" }}',
    err: 'template: t.tpl:1: invalid syntax',
  },
  {
    text: '{{ "\\x4g" }}',
    err: 'template: t.tpl:1: invalid syntax',
  },
  {
    text: '{{ "é\\u00e9\\U0001F600\\101\\x41" }}',
    trees: {
      't.tpl': '{{"é\\u00e9\\U0001F600\\101\\x41"}}',
    },
  },
  {
    text: '{{ .a\n}}',
    trees: {
      't.tpl': '{{.a}}',
    },
  },
  {
    text: '{{ .a\n\n',
    err: 'template: t.tpl:3: unclosed action started at t.tpl:1',
  },
  {
    text: '{{ include\n  "x"\n  . }}',
    trees: {
      't.tpl': '{{include "x" .}}',
    },
  },
  {
    text: 'line1\n{{ .a\n .b',
    err: 'template: t.tpl:3: unclosed action started at t.tpl:2',
  },
  {
    text: 'line1\nline2 {{ .a | \n foo }}',
    err: 'template: t.tpl:3: function "foo" not defined',
  },
  {
    text: '{{ 3 | .a }}',
    trees: {
      't.tpl': '{{3 | .a}}',
    },
  },
  {
    text: '{{ .a := 1 }}',
    err: 'template: t.tpl:1: unexpected ":=" in operand',
  },
  {
    text: '{{ $x := 1 | 2 }}',
    err: 'template: t.tpl:1: non executable command in pipeline stage 2',
  },
  {
    text: '{{ template }}',
    err: 'template: t.tpl:1: unexpected "}}" in template clause',
  },
  {
    text: '{{ template .a }}',
    err: 'template: t.tpl:1: unexpected ".a" in template clause',
  },
  {
    text: '{{ template "x" "y" }}',
    trees: {
      't.tpl': '{{template "x" "y"}}',
    },
  },
  {
    text: '{{ block "x" }}{{end}}',
    err: 'template: t.tpl:1: missing value for block clause',
  },
  {
    text: '{{ block "x" . }}{{ else }}{{end}}',
    err: 'template: t.tpl:1: unexpected {{else}} in block clause',
  },
  {
    text: '{{ define }}{{end}}',
    err: 'template: t.tpl:1: unexpected "}}" in define clause',
  },
  {
    text: '{{ define "x" . }}{{end}}',
    err: 'template: t.tpl:1: unexpected <.> in define clause',
  },
  {
    text: '{{ define "x" }}',
    err: 'template: t.tpl:1: unexpected EOF',
  },
  {
    text: '{{ define `x` }}{{ else }}{{ end }}',
    err: 'template: t.tpl:1: unexpected {{else}} in define clause',
  },
  {
    text: '{{ :x }}',
    err: 'template: t.tpl:1: expected :=',
  },
  {
    text: '{{ : }}',
    err: 'template: t.tpl:1: expected :=',
  },
  {
    text: '{{ a:=1 }}',
    err: 'template: t.tpl:1: function "a" not defined',
  },
  {
    text: '{{ $x:=1 }}{{$x}}',
    trees: {
      't.tpl': '{{$x := 1}}{{$x}}',
    },
  },
  {
    text: '{{$x=1}}',
    err: "template: t.tpl:1: bad character U+003D '='",
  },
  {
    text: '{{ $x = 1 }}',
    trees: {
      't.tpl': '{{$x = 1}}',
    },
  },
  {
    text: '{{ , }}',
    err: 'template: t.tpl:1: unexpected "," in command',
  },
  {
    text: '{{ .a, .b }}',
    err: 'template: t.tpl:1: unexpected "," in operand',
  },
  {
    text: '{{ % }}',
    err: 'template: t.tpl:1: unexpected "%" in command',
  },
  {
    text: '{{ \u0001 }}',
    err: 'template: t.tpl:1: unrecognized character in action: U+0001',
  },
  {
    text: '{{ # }}',
    err: 'template: t.tpl:1: unexpected "#" in command',
  },
  {
    text: '{{ é }}',
    err: 'template: t.tpl:1: function "é" not defined',
  },
  {
    text: '{{ .é }}',
    trees: {
      't.tpl': '{{.é}}',
    },
  },
  {
    text: '{{ $é := 1 }}{{ $é }}',
    trees: {
      't.tpl': '{{$é := 1}}{{$é}}',
    },
  },
  {
    text: 'héllo {{ .x }} wörld {{ .y.z }}',
    trees: {
      't.tpl': 'héllo {{.x}} wörld {{.y.z}}',
    },
  },
  {
    text: '日本語\n{{ .a.b }}',
    trees: {
      't.tpl': '日本語\n{{.a.b}}',
    },
  },
  {
    text: '{{"😀"}}{{ .a }}',
    trees: {
      't.tpl': '{{"😀"}}{{.a}}',
    },
  },
  {
    text: '{{ .a }}\n😀😀 {{ .b.c }}',
    trees: {
      't.tpl': '{{.a}}\n😀😀 {{.b.c}}',
    },
  },
  {
    text: '{{ if .a }}\n  {{ .b }}\n{{- else }}\n  {{ .c }}\n{{- end }}',
    trees: {
      't.tpl': '{{if .a}}\n  {{.b}}{{else}}\n  {{.c}}{{end}}',
    },
  },
  {
    text: '{{ range $k, $v := .Values }}\n{{ $k }}: {{ $v | quote }}\n{{ end }}',
    trees: {
      't.tpl': '{{range $k, $v := .Values}}\n{{$k}}: {{$v | quote}}\n{{end}}',
    },
  },
  {
    text: '{{ .a -}}\n\n  {{- .b }}',
    trees: {
      't.tpl': '{{.a}}{{.b}}',
    },
  },
  {
    text: '{{ .a -}}',
    trees: {
      't.tpl': '{{.a}}',
    },
  },
  {
    text: '{{ -}}',
    err: 'template: t.tpl:1: missing value for command',
  },
  {
    text: '{{- }}',
    err: 'template: t.tpl:1: missing value for command',
  },
  {
    text: '{{-}}',
    err: 'template: t.tpl:1: illegal number syntax: "-"',
  },
  {
    text: '{{- -}}',
    err: 'template: t.tpl:1: illegal number syntax: "-"',
  },
  {
    text: '{{ .a- }}',
    err: "template: t.tpl:1: bad character U+002D '-'",
  },
  {
    text: '{{ - }}',
    err: 'template: t.tpl:1: illegal number syntax: "-"',
  },
  {
    text: '{{ -a }}',
    err: 'template: t.tpl:1: bad number syntax: "-a"',
  },
  {
    text: '{{ +1 }}',
    trees: {
      't.tpl': '{{+1}}',
    },
  },
  {
    text: '{{ 1 2 }}',
    trees: {
      't.tpl': '{{1 2}}',
    },
  },
  {
    text: '{{ 1 | printf }}',
    trees: {
      't.tpl': '{{1 | printf}}',
    },
  },
  {
    text: '{{ .a | printf "%d" 1 | len }}',
    trees: {
      't.tpl': '{{.a | printf "%d" 1 | len}}',
    },
  },
  {
    text: '{{ (1) }}',
    trees: {
      't.tpl': '{{(1)}}',
    },
  },
  {
    text: '{{ ((.a)) }}',
    trees: {
      't.tpl': '{{((.a))}}',
    },
  },
  {
    text: '{{ (.a | quote).b }}',
    trees: {
      't.tpl': '{{(.a | quote).b}}',
    },
  },
  {
    text: '{{ (1).b }}',
    trees: {
      't.tpl': '{{(1).b}}',
    },
  },
  {
    text: '{{ $x := (dict) }}',
    trees: {
      't.tpl': '{{$x := (dict)}}',
    },
  },
  {
    text: '{{ .a.b.c.d.e }}',
    trees: {
      't.tpl': '{{.a.b.c.d.e}}',
    },
  },
  {
    text: '{{ $x.a }}',
    err: 'template: t.tpl:1: undefined variable "$x"',
  },
  {
    text: '{{ $ := 1 }}',
    trees: {
      't.tpl': '{{$ := 1}}',
    },
  },
  {
    text: '{{ $x, $y := 1 }}',
    err: 'template: t.tpl:1: too many declarations in command',
  },
  {
    text: '{{ range $x, $y := 1 }}{{ end }}',
    trees: {
      't.tpl': '{{range $x, $y := 1}}{{end}}',
    },
  },
  {
    text: '{{ range $x = 1 }}{{ end }}',
    trees: {
      't.tpl': '{{range $x = 1}}{{end}}',
    },
  },
  {
    text: '{{ range $x, $y = . }}{{ $x }}{{ end }}',
    trees: {
      't.tpl': '{{range $x, $y = .}}{{$x}}{{end}}',
    },
  },
  {
    text: '{{ if $x := 1 }}{{ $x }}{{ else }}{{ $x }}{{ end }}',
    trees: {
      't.tpl': '{{if $x := 1}}{{$x}}{{else}}{{$x}}{{end}}',
    },
  },
  {
    text: '{{ if .a }}{{ $z := 1 }}{{ else }}{{ $z }}{{ end }}',
    trees: {
      't.tpl': '{{if .a}}{{$z := 1}}{{else}}{{$z}}{{end}}',
    },
  },
  {
    text: '{{ else if .a }}',
    err: 'template: t.tpl:1: unexpected {{else}}',
  },
  {
    text: '{{ if .a }}{{ else with .b }}{{ end }}',
    err: 'template: t.tpl:1: unexpected <with> in input',
  },
  {
    text: '{{ with .a }}{{ else if .b }}{{ end }}',
    err: 'template: t.tpl:1: unexpected <if> in input',
  },
  {
    text: '{{ range .a }}{{ else if .b }}{{ end }}{{ end }}',
    err: 'template: t.tpl:1: unexpected <if> in input',
  },
  {
    text: '{{ if .a }}x{{ else }}y{{ else if .b }}{{ end }}',
    err: 'template: t.tpl:1: expected end; found {{else}}',
  },
  {
    text: '{{ end x }}',
    err: 'template: t.tpl:1: unexpected "x" in end',
  },
  {
    text: '{{ else x }}',
    err: 'template: t.tpl:1: unexpected "x" in else',
  },
  {
    text: '{{ break }}{{ range . }}{{ end }}',
    err: 'template: t.tpl:1: {{break}} outside {{range}}',
  },
  {
    text: '{{ range . }}{{ define "x" }}{{ end }}{{ end }}',
    err: 'template: t.tpl:1: unexpected <define> in command',
  },
  {
    text: '{{ range . }}{{ template "x" }}{{ block "y" . }}{{ break }}{{ end }}{{ end }}',
    err: 'template: t.tpl:1: {{break}} outside {{range}}',
  },
  {
    text: '{{ range . }}{{ (break) }}{{ end }}',
    err: 'template: t.tpl:1: unexpected <break> in parenthesized pipeline',
  },
  {
    text: '{{ .a }}{{/* comment */}}{{ .b }}',
    trees: {
      't.tpl': '{{.a}}{{.b}}',
    },
  },
  {
    text: '{{/**/}}',
    trees: {
      't.tpl': '',
    },
  },
  {
    text: '{{/* a */}}{{/* b',
    err: 'template: t.tpl:1: unclosed comment',
  },
  {
    text: '{{/* a */ .x }}',
    err: 'template: t.tpl:1: comment ends before closing delimiter',
  },
  {
    text: '{{- /* a */}}',
    trees: {
      't.tpl': '',
    },
  },
  {
    text: '{{-/* a */}}',
    err: 'template: t.tpl:1: illegal number syntax: "-"',
  },
  {
    text: '{{ /**/ }}',
    err: 'template: t.tpl:1: unexpected "/" in command',
  },
  {
    text: 'x\n{{/* a\nb\nc */}}\n{{ .y }}',
    trees: {
      't.tpl': 'x\n\n{{.y}}',
    },
  },
  {
    text: '{{ printf "%s" "a" "b" }}',
    trees: {
      't.tpl': '{{printf "%s" "a" "b"}}',
    },
  },
  {
    text: '{{ "a" }}{{ "abcdefghijklm" }}',
    trees: {
      't.tpl': '{{"a"}}{{"abcdefghijklm"}}',
    },
  },
  {
    text: '{{ .a "abcdefghijklmnop" ) }}',
    err: 'template: t.tpl:1: unexpected right paren',
  },
  {
    text: '{{ .a ("abcdefghijklmnopé" }}',
    err: 'template: t.tpl:1: unclosed left paren',
  },
  {
    text: '{{ .a }}}}',
    trees: {
      't.tpl': '{{.a}}}}',
    },
  },
  {
    text: '}}{{ .a }}',
    trees: {
      't.tpl': '}}{{.a}}',
    },
  },
  {
    text: '{{ html .a }}{{ js .a }}{{ urlquery .a }}{{ call .f 1 }}{{ slice .a 1 2 }}{{ println 1 }}{{ print 1 }}',
    trees: {
      't.tpl': '{{html .a}}{{js .a}}{{urlquery .a}}{{call .f 1}}{{slice .a 1 2}}{{println 1}}{{print 1}}',
    },
  },
  {
    text: '{{ index .a "x" 1 }}',
    trees: {
      't.tpl': '{{index .a "x" 1}}',
    },
  },
  {
    text: '{{ lt 1 2 }}{{ le 1 2 }}{{ gt 1 2 }}{{ ge 1 2 }}',
    trees: {
      't.tpl': '{{lt 1 2}}{{le 1 2}}{{gt 1 2}}{{ge 1 2}}',
    },
  },
  {
    text: '{{ break }}',
    funcs: ['break'],
    trees: {
      't.tpl': '{{break}}',
    },
  },
  {
    text: '{{ range . }}{{ break }}{{ end }}',
    funcs: ['break'],
    trees: {
      't.tpl': '{{range .}}{{break}}{{end}}',
    },
  },
  {
    text: '{{ continue 1 }}',
    funcs: ['continue'],
    trees: {
      't.tpl': '{{continue 1}}',
    },
  },
  {
    text: '<<.a>> {{.b}}',
    left: '<<',
    right: '>>',
    trees: {
      't.tpl': '{{.a}} {{.b}}',
    },
  },
  {
    text: '<<- .a ->> x',
    left: '<<',
    right: '>>',
    trees: {
      't.tpl': '{{.a}}x',
    },
  },
  {
    text: '<</* c */>>',
    left: '<<',
    right: '>>',
    trees: {
      't.tpl': '',
    },
  },
  {
    text: '[[ .a ]] [[- /* x */ -]] y',
    left: '[[',
    right: ']]',
    trees: {
      't.tpl': '{{.a}}y',
    },
  },
  {
    text: '«.a» «.b.c»',
    left: '«',
    right: '»',
    trees: {
      't.tpl': '{{.a}} {{.b.c}}',
    },
  },
  {
    text: '{% .a %}',
    left: '{%',
    right: '%}',
    trees: {
      't.tpl': '{{.a}}',
    },
  },
  {
    text: '<< .a',
    left: '<<',
    right: '>>',
    err: 'template: t.tpl:1: unclosed action',
  },
  {
    text: '{{ .x }}',
    name: 'other.yaml',
    trees: {
      'other.yaml': '{{.x}}',
    },
  },
  {
    text: 'a\nb\n{{ .x }}\n{{ foo }}',
    err: 'template: t.tpl:4: function "foo" not defined',
  },
  {
    text: 'a\n{{- .x -}}\n\n{{ foo }}',
    err: 'template: t.tpl:4: function "foo" not defined',
  },
  {
    text: '{{/* a\nb */}}\n{{ foo }}',
    err: 'template: t.tpl:3: function "foo" not defined',
  },
  {
    text: '{{ `a\nb` }}\n{{ foo }}',
    err: 'template: t.tpl:3: function "foo" not defined',
  },
  {
    text: '{{ `a\nb` | foo }}',
    err: 'template: t.tpl:2: function "foo" not defined',
  },
  {
    text: '{{ if .a }}\n\n{{ end }}\n{{ else }}',
    err: 'template: t.tpl:4: unexpected {{else}}',
  },
  {
    text: '{{ define "x" }}\n{{ .a }}\n{{ end }}\n{{ define "x" }}\nY\n{{ end }}',
    err: 'template: t.tpl:6: template: multiple definition of template "x"',
  },
  {
    text: '{{ block "b" . }}\n\n{{ else }}{{ end }}',
    err: 'template: t.tpl:1: unexpected {{else}} in block clause',
  },
  {
    text: '{{ if .a }}\n{{ .b\n\n}}\n{{ end',
    err: 'template: t.tpl:5: unclosed action',
  },
  {
    text: '{{ if .a }}\n{{ .b }}\n',
    err: 'template: t.tpl:3: unexpected EOF',
  },
  {
    text: '{{ range $i := . }}\n{{ $i.a.b }}\n{{ $j }}{{ end }}',
    err: 'template: t.tpl:3: undefined variable "$j"',
  },
  {
    text: 'x\n\n{{ .a\n| foo }}',
    err: 'template: t.tpl:4: function "foo" not defined',
  },
  {
    text: '{{ .a }}\n{{ "\\q" }}',
    err: 'template: t.tpl:2: invalid syntax',
  },
  {
    text: '{{\n.a\n.b\n}}',
    trees: {
      't.tpl': '{{.a .b}}',
    },
  },
  {
    text: '{{ (\n.a\n) }}',
    trees: {
      't.tpl': '{{(.a)}}',
    },
  },
  {
    text: '{{ .a\n}}\n{{ .b ) }}',
    err: 'template: t.tpl:3: unexpected right paren',
  },
  {
    text: '\n\n{{ .a }',
    err: 'template: t.tpl:3: unexpected "}" in operand',
  },
  {
    text: '{{ .a\n\n"x }}',
    err: 'template: t.tpl:3: unterminated quoted string in action started at t.tpl:1',
  },
  {
    text: '{{ .a\n\n`x }}',
    err: 'template: t.tpl:3: unterminated raw quoted string in action started at t.tpl:1',
  },
  {
    text: "{{ .a\n\n'x }}",
    err: 'template: t.tpl:3: unterminated character constant in action started at t.tpl:1',
  },
  {
    text: '{{ .a\n\n: }}',
    err: 'template: t.tpl:3: expected := in action started at t.tpl:1',
  },
  {
    text: '{{ .a\n(.b\n\n}}',
    err: 'template: t.tpl:4: unclosed left paren in action started at t.tpl:1',
  },
  {
    text: '{{ .a\n\n/* x */ }}',
    err: 'template: t.tpl:3: unexpected "/" in operand',
  },
  {
    text: '{{/*\n\n*/ .a }}',
    err: 'template: t.tpl:1: comment ends before closing delimiter',
  },
  {
    text: '{{/*\n\n',
    err: 'template: t.tpl:1: unclosed comment',
  },
  {
    text: 'é\n  {{ .a.b.c }} é {{ $.x }}',
    trees: {
      't.tpl': 'é\n  {{.a.b.c}} é {{$.x}}',
    },
  },
  {
    text: '\t{{ .a }}\r\n{{ .b }}',
    trees: {
      't.tpl': '\t{{.a}}\r\n{{.b}}',
    },
  },
  {
    text: '{{ .a }}\n{{ 99999999999999999999 }}',
    err: 'template: t.tpl:2: integer overflow: "99999999999999999999"',
  },
  {
    text: '{{ 1e999 }}',
    err: 'template: t.tpl:1: illegal number syntax: "1e999"',
  },
  {
    text: "{{ .a }}\n{{ 'xy' }}",
    err: "template: t.tpl:2: malformed character constant: 'xy'",
  },
  {
    text: '{{ (((1))) }}',
    trees: {
      't.tpl': '{{(((1)))}}',
    },
  },
  {
    text: '{{ template "a\\x" }}',
    err: 'template: t.tpl:1: invalid syntax',
  },
  {
    text: '{{ template "a\\n\\u00e9\\x01" }}',
    trees: {
      't.tpl': '{{template "a\\né\\x01"}}',
    },
  },
  {
    text: '{{ define "\\x01" }}x{{ end }}',
    trees: {
      '\u0001': 'x',
      't.tpl': '',
    },
  },
  {
    text: '{{ define "a" }}{{ template "a\\"b" . }}{{ end }}',
    trees: {
      a: '{{template "a\\"b" .}}',
      't.tpl': '',
    },
  },
  {
    text: '{{ $x := 1 }}{{ range $x := . }}{{ $x }}{{ end }}{{ $x }}',
    trees: {
      't.tpl': '{{$x := 1}}{{range $x := .}}{{$x}}{{end}}{{$x}}',
    },
  },
  {
    text: '{{ range $i, $e := . }}{{ $i }}{{ $e }}{{ end }}',
    trees: {
      't.tpl': '{{range $i, $e := .}}{{$i}}{{$e}}{{end}}',
    },
  },
  {
    text: '{{ range $e := . }}{{ $e }}{{ end }}',
    trees: {
      't.tpl': '{{range $e := .}}{{$e}}{{end}}',
    },
  },
  {
    text: '{{ $a := 1 }}{{ $b := 2 }}{{ $a = $b }}',
    trees: {
      't.tpl': '{{$a := 1}}{{$b := 2}}{{$a = $b}}',
    },
  },
  {
    text: '{{ with .a }}{{ $ }}{{ end }}',
    trees: {
      't.tpl': '{{with .a}}{{$}}{{end}}',
    },
  },
  {
    text: '{{ if and .a (or .b .c) }}x{{ end }}',
    trees: {
      't.tpl': '{{if and .a (or .b .c)}}x{{end}}',
    },
  },
  {
    text: '{{1+2i}}',
    name: 'n',
    trees: {
      n: '{{1+2i}}',
    },
  },
  {
    text: '{{1.5-3.2i}}',
    name: 'n',
    trees: {
      n: '{{1.5-3.2i}}',
    },
  },
  {
    text: '{{0x1+2i}}',
    name: 'n',
    err: 'template: n:1: strconv.ParseFloat: parsing "0x1": invalid syntax',
  },
  {
    text: '{{1e3+1i}}',
    name: 'n',
    trees: {
      n: '{{1e3+1i}}',
    },
  },
  {
    text: '{{1+i}}',
    name: 'n',
    err: 'template: n:1: syntax error scanning complex number',
  },
  {
    text: '{{1-0i}}',
    name: 'n',
    trees: {
      n: '{{1-0i}}',
    },
  },
  {
    text: '{{-1+2i}}',
    name: 'n',
    trees: {
      n: '{{-1+2i}}',
    },
  },
  {
    text: '{{+1+2i}}',
    name: 'n',
    trees: {
      n: '{{+1+2i}}',
    },
  },
  {
    text: '{{1_0+2i}}',
    name: 'n',
    trees: {
      n: '{{1_0+2i}}',
    },
  },
  {
    text: '{{0x1p4+1i}}',
    name: 'n',
    trees: {
      n: '{{0x1p4+1i}}',
    },
  },
  {
    text: '{{1p4+1i}}',
    name: 'n',
    err: 'template: n:1: bad number syntax: "1p"',
  },
  {
    text: '{{0b1+1i}}',
    name: 'n',
    err: 'template: n:1: syntax error scanning complex number',
  },
  {
    text: '{{0o7+1i}}',
    name: 'n',
    err: 'template: n:1: syntax error scanning complex number',
  },
  {
    text: '{{07+1i}}',
    name: 'n',
    trees: {
      n: '{{07+1i}}',
    },
  },
  {
    text: '{{08+1i}}',
    name: 'n',
    trees: {
      n: '{{08+1i}}',
    },
  },
  {
    text: '{{1e+2i}}',
    name: 'n',
    trees: {
      n: '{{1e+2i}}',
    },
  },
  {
    text: '{{1.+.5i}}',
    name: 'n',
    trees: {
      n: '{{1.+.5i}}',
    },
  },
  {
    text: '{{1__0+1i}}',
    name: 'n',
    err: 'template: n:1: strconv.ParseFloat: parsing "1__0": invalid syntax',
  },
  {
    text: '{{0x+1i}}',
    name: 'n',
    err: 'template: n:1: strconv.ParseFloat: parsing "0x": invalid syntax',
  },
  {
    text: '{{1+0x1p1i}}',
    name: 'n',
    trees: {
      n: '{{1+0x1p1i}}',
    },
  },
  {
    text: '{{1+1e400i}}',
    name: 'n',
    err: 'template: n:1: strconv.ParseFloat: parsing "+1e400": value out of range',
  },
  {
    text: '{{1e400+1i}}',
    name: 'n',
    err: 'template: n:1: strconv.ParseFloat: parsing "1e400": value out of range',
  },
  {
    text: '{{2+3ii}}',
    name: 'n',
    err: 'template: n:1: bad number syntax: "2+3ii"',
  },
  {
    text: '{{1+2}}',
    name: 'n',
    err: 'template: n:1: bad number syntax: "1+2"',
  },
  {
    text: '{{1e3i}}',
    name: 'n',
    trees: {
      n: '{{1e3i}}',
    },
  },
  {
    text: '{{0i}}',
    name: 'n',
    trees: {
      n: '{{0i}}',
    },
  },
  {
    text: '{{1_0i}}',
    name: 'n',
    trees: {
      n: '{{1_0i}}',
    },
  },
  {
    text: '{{-0}}',
    name: 'n',
    trees: {
      n: '{{-0}}',
    },
  },
  {
    text: '{{0x1p-2}}',
    name: 'n',
    trees: {
      n: '{{0x1p-2}}',
    },
  },
  {
    text: '{{1e3}}',
    name: 'n',
    trees: {
      n: '{{1e3}}',
    },
  },
  {
    text: '{{010}}',
    name: 'n',
    trees: {
      n: '{{010}}',
    },
  },
  {
    text: '{{0b101}}',
    name: 'n',
    trees: {
      n: '{{0b101}}',
    },
  },
  {
    text: '{{0o17}}',
    name: 'n',
    trees: {
      n: '{{0o17}}',
    },
  },
  {
    text: '{{1_000}}',
    name: 'n',
    trees: {
      n: '{{1_000}}',
    },
  },
  {
    text: '{{9223372036854775808}}',
    name: 'n',
    trees: {
      n: '{{9223372036854775808}}',
    },
  },
  {
    text: '{{18446744073709551616}}',
    name: 'n',
    err: 'template: n:1: integer overflow: "18446744073709551616"',
  },
  {
    text: '{{-9223372036854775809}}',
    name: 'n',
    err: 'template: n:1: integer overflow: "-9223372036854775809"',
  },
  {
    text: '{{1e19}}',
    name: 'n',
    trees: {
      n: '{{1e19}}',
    },
  },
  {
    text: '{{1e20}}',
    name: 'n',
    trees: {
      n: '{{1e20}}',
    },
  },
  {
    text: '{{0xFFFFFFFFFFFFFFFFFF}}',
    name: 'n',
    err: 'template: n:1: illegal number syntax: "0xFFFFFFFFFFFFFFFFFF"',
  },
  {
    text: '{{0x1.8}}',
    name: 'n',
    err: 'template: n:1: illegal number syntax: "0x1.8"',
  },
  {
    text: '{{089}}',
    name: 'n',
    err: 'template: n:1: integer overflow: "089"',
  },
  {
    text: '{{08.5}}',
    name: 'n',
    trees: {
      n: '{{08.5}}',
    },
  },
  {
    text: '{{1e400}}',
    name: 'n',
    err: 'template: n:1: illegal number syntax: "1e400"',
  },
  {
    text: '{{-1e400}}',
    name: 'n',
    err: 'template: n:1: illegal number syntax: "-1e400"',
  },
  {
    text: '{{1e-400}}',
    name: 'n',
    trees: {
      n: '{{1e-400}}',
    },
  },
  {
    text: '{{3.0}}',
    name: 'n',
    trees: {
      n: '{{3.0}}',
    },
  },
  {
    text: "{{'a'}}",
    name: 'n',
    trees: {
      n: "{{'a'}}",
    },
  },
  {
    text: "{{'\\n'}}",
    name: 'n',
    trees: {
      n: "{{'\\n'}}",
    },
  },
  {
    text: "{{'ab'}}",
    name: 'n',
    err: "template: n:1: malformed character constant: 'ab'",
  },
  {
    text: "{{''}}",
    name: 'n',
    err: 'template: n:1: invalid syntax',
  },
  {
    text: "{{'\\xff'}}",
    name: 'n',
    trees: {
      n: "{{'\\xff'}}",
    },
  },
  {
    text: "{{'\\u00e9'}}",
    name: 'n',
    trees: {
      n: "{{'\\u00e9'}}",
    },
  },
  {
    text: "{{'é'}}",
    name: 'n',
    trees: {
      n: "{{'é'}}",
    },
  },
  {
    text: "{{'\\400'}}",
    name: 'n',
    err: 'template: n:1: invalid syntax',
  },
  {
    text: '{{.5}}',
    name: 'n',
    trees: {
      n: '{{.5}}',
    },
  },
  {
    text: '{{5.}}',
    name: 'n',
    trees: {
      n: '{{5.}}',
    },
  },
  {
    text: '{{-.5e-3}}',
    name: 'n',
    trees: {
      n: '{{-.5e-3}}',
    },
  },
  {
    text: '{{0x_1}}',
    name: 'n',
    trees: {
      n: '{{0x_1}}',
    },
  },
  {
    text: '{{1_}}',
    name: 'n',
    err: 'template: n:1: illegal number syntax: "1_"',
  },
  {
    text: '{{_1}}',
    name: 'n',
    err: 'template: n:1: function "_1" not defined',
  },
  {
    text: '{{0_7}}',
    name: 'n',
    trees: {
      n: '{{0_7}}',
    },
  },
  {
    text: '{{1__2}}',
    name: 'n',
    err: 'template: n:1: illegal number syntax: "1__2"',
  },
  {
    text: '{{0.1_2}}',
    name: 'n',
    trees: {
      n: '{{0.1_2}}',
    },
  },
  {
    text: '{{2i}}',
    name: 'n',
    trees: {
      n: '{{2i}}',
    },
  },
  {
    text: '{{-2i}}',
    name: 'n',
    trees: {
      n: '{{-2i}}',
    },
  },
  {
    text: '{{1.5i}}',
    name: 'n',
    trees: {
      n: '{{1.5i}}',
    },
  },
  {
    text: '{{0x10i}}',
    name: 'n',
    err: 'template: n:1: illegal number syntax: "0x10i"',
  },
  {
    text: '{{-0.0}}',
    name: 'n',
    trees: {
      n: '{{-0.0}}',
    },
  },
];

const GO_CONTEXTS: { text: string; name?: string; left?: string; right?: string; ctx: string[] }[] = [
  {
    text: '{{$}}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{$}}',
      'ActionNode | t.tpl:1:2 | {{$}}',
      'PipeNode | t.tpl:1:2 | $',
      'CommandNode | t.tpl:1:2 | $',
      'VariableNode | t.tpl:1:2 | $',
    ],
  },
  {
    text: '{{$.a.b}}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{$.a.b}}',
      'ActionNode | t.tpl:1:2 | {{$.a.b}}',
      'PipeNode | t.tpl:1:2 | $.a.b',
      'CommandNode | t.tpl:1:2 | $.a.b',
      'VariableNode | t.tpl:1:3 | $.a.b',
    ],
  },
  {
    text: '{{$x := 1}}{{$x}}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{$x := 1}}{{$x}}',
      'ActionNode | t.tpl:1:2 | {{$x := 1}}',
      'PipeNode | t.tpl:1:2 | $x := 1',
      'VariableNode | t.tpl:1:2 | $x',
      'CommandNode | t.tpl:1:8 | 1',
      'NumberNode | t.tpl:1:8 | 1 | true true true false 1 1 3ff0000000000000 0000000000000000 0000000000000000',
      'ActionNode | t.tpl:1:13 | {{$x}}',
      'PipeNode | t.tpl:1:13 | $x',
      'CommandNode | t.tpl:1:13 | $x',
      'VariableNode | t.tpl:1:13 | $x',
    ],
  },
  {
    text: '{{$x := .a}}{{$x = 2}}{{$x.b.c}}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{$x := .a}}{{$x = 2}}{{$x.b.c}}',
      'ActionNode | t.tpl:1:2 | {{$x := .a}}',
      'PipeNode | t.tpl:1:2 | $x := .a',
      'VariableNode | t.tpl:1:2 | $x',
      'CommandNode | t.tpl:1:8 | .a',
      'FieldNode | t.tpl:1:8 | .a',
      'ActionNode | t.tpl:1:14 | {{$x = 2}}',
      'PipeNode | t.tpl:1:14 | $x = 2',
      'VariableNode | t.tpl:1:14 | $x',
      'CommandNode | t.tpl:1:19 | 2',
      'NumberNode | t.tpl:1:19 | 2 | true true true false 2 2 4000000000000000 0000000000000000 0000000000000000',
      'ActionNode | t.tpl:1:24 | {{$x.b.c}}',
      'PipeNode | t.tpl:1:24 | $x.b.c',
      'CommandNode | t.tpl:1:24 | $x.b.c',
      'VariableNode | t.tpl:1:26 | $x.b.c',
    ],
  },
  {
    text: 'a  \n {{- .x -}} \n b',
    ctx: [
      'ListNode | t.tpl:1:0 | a{{.x}}b',
      'TextNode | t.tpl:1:0 | a',
      'ActionNode | t.tpl:2:5 | {{.x}}',
      'PipeNode | t.tpl:2:5 | .x',
      'CommandNode | t.tpl:2:5 | .x',
      'FieldNode | t.tpl:2:5 | .x',
      'TextNode | t.tpl:3:1 | b',
    ],
  },
  {
    text: '{{- /* multi\nline */}}x',
    ctx: ['ListNode | t.tpl:2:9 | x', 'TextNode | t.tpl:2:9 | x'],
  },
  {
    text: '{{with $x := .a}}{{$x}}{{end}}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{with $x := .a}}{{$x}}{{end}}',
      'WithNode | t.tpl:1:7 | {{with $x := .a}}{{$x}}{{end}}',
      'PipeNode | t.tpl:1:7 | $x := .a',
      'VariableNode | t.tpl:1:7 | $x',
      'CommandNode | t.tpl:1:13 | .a',
      'FieldNode | t.tpl:1:13 | .a',
      'ListNode | t.tpl:1:17 | {{$x}}',
      'ActionNode | t.tpl:1:19 | {{$x}}',
      'PipeNode | t.tpl:1:19 | $x',
      'CommandNode | t.tpl:1:19 | $x',
      'VariableNode | t.tpl:1:19 | $x',
    ],
  },
  {
    text: '{{range $i, $v := .a}}{{$i}}{{$v}}{{else}}none{{end}}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{range $i, $v := .a}}{{$i}}{{$v}}{{else}}none{{end}}',
      'RangeNode | t.tpl:1:8 | {{range $i, $v := .a}}{{$i}}{{$v}}{{else}}none{{end}}',
      'PipeNode | t.tpl:1:8 | $i, $v := .a',
      'VariableNode | t.tpl:1:8 | $i',
      'VariableNode | t.tpl:1:12 | $v',
      'CommandNode | t.tpl:1:18 | .a',
      'FieldNode | t.tpl:1:18 | .a',
      'ListNode | t.tpl:1:22 | {{$i}}{{$v}}',
      'ActionNode | t.tpl:1:24 | {{$i}}',
      'PipeNode | t.tpl:1:24 | $i',
      'CommandNode | t.tpl:1:24 | $i',
      'VariableNode | t.tpl:1:24 | $i',
      'ActionNode | t.tpl:1:30 | {{$v}}',
      'PipeNode | t.tpl:1:30 | $v',
      'CommandNode | t.tpl:1:30 | $v',
      'VariableNode | t.tpl:1:30 | $v',
      'ListNode | t.tpl:1:42 | none',
      'TextNode | t.tpl:1:42 | none',
    ],
  },
  {
    text: '{{range $v := .a}}{{break}}{{continue}}{{end}}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{range $v := .a}}{{break}}{{continue}}{{end}}',
      'RangeNode | t.tpl:1:8 | {{range $v := .a}}{{break}}{{continue}}{{end}}',
      'PipeNode | t.tpl:1:8 | $v := .a',
      'VariableNode | t.tpl:1:8 | $v',
      'CommandNode | t.tpl:1:14 | .a',
      'FieldNode | t.tpl:1:14 | .a',
      'ListNode | t.tpl:1:18 | {{break}}{{continue}}',
      'BreakNode | t.tpl:1:20 | {{break}}',
      'ContinueNode | t.tpl:1:29 | {{continue}}',
    ],
  },
  {
    text: '{{template "x"}}',
    ctx: ['ListNode | t.tpl:1:0 | {{template "x"}}', 'TemplateNode | t.tpl:1:11 | {{template "x"}}'],
  },
  {
    text: '{{template "x" .}}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{template "x" .}}',
      'TemplateNode | t.tpl:1:11 | {{template "x" .}}',
      'PipeNode | t.tpl:1:15 | .',
      'CommandNode | t.tpl:1:15 | .',
      'DotNode | t.tpl:1:15 | .',
    ],
  },
  {
    text: '{{template `x` .a | quote}}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{template "x" .a | quote}}',
      'TemplateNode | t.tpl:1:11 | {{template "x" .a | quote}}',
      'PipeNode | t.tpl:1:15 | .a | quote',
      'CommandNode | t.tpl:1:15 | .a',
      'FieldNode | t.tpl:1:15 | .a',
      'CommandNode | t.tpl:1:20 | quote',
      'IdentifierNode | t.tpl:1:20 | quote',
    ],
  },
  {
    text: '{{define "x"}}X{{end}}{{template "x" .}}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{template "x" .}}',
      'TemplateNode | t.tpl:1:33 | {{template "x" .}}',
      'PipeNode | t.tpl:1:37 | .',
      'CommandNode | t.tpl:1:37 | .',
      'DotNode | t.tpl:1:37 | .',
      'ListNode | t.tpl:1:14 | X',
      'TextNode | t.tpl:1:14 | X',
    ],
  },
  {
    text: '{{define "x"}}  {{/* c */}}\n{{end}}{{define "x"}}Y{{end}}',
    ctx: ['ListNode | t.tpl:1:0 | ', 'ListNode | t.tpl:2:21 | Y', 'TextNode | t.tpl:2:21 | Y'],
  },
  {
    text: '{{(include "x" .).y}}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{(include "x" .).y}}',
      'ActionNode | t.tpl:1:2 | {{(include "x" .).y}}',
      'PipeNode | t.tpl:1:2 | (include "x" .).y',
      'CommandNode | t.tpl:1:2 | (include "x" .).y',
      'ChainNode | t.tpl:1:17 | (include "x" .).y',
      'PipeNode | t.tpl:1:3 | include "x" .',
      'CommandNode | t.tpl:1:3 | include "x" .',
      'IdentifierNode | t.tpl:1:3 | include',
      'StringNode | t.tpl:1:11 | "x" | "x"',
      'DotNode | t.tpl:1:15 | .',
    ],
  },
  {
    text: '{{(dict "a" 1).a}}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{(dict "a" 1).a}}',
      'ActionNode | t.tpl:1:2 | {{(dict "a" 1).a}}',
      'PipeNode | t.tpl:1:2 | (dict "a" 1).a',
      'CommandNode | t.tpl:1:2 | (dict "a" 1).a',
      'ChainNode | t.tpl:1:14 | (dict "a" 1).a',
      'PipeNode | t.tpl:1:3 | dict "a" 1',
      'CommandNode | t.tpl:1:3 | dict "a" 1',
      'IdentifierNode | t.tpl:1:3 | dict',
      'StringNode | t.tpl:1:8 | "a" | "a"',
      'NumberNode | t.tpl:1:12 | 1 | true true true false 1 1 3ff0000000000000 0000000000000000 0000000000000000',
    ],
  },
  {
    text: '{{ printf "%s" (quote .a) }}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{printf "%s" (quote .a)}}',
      'ActionNode | t.tpl:1:3 | {{printf "%s" (quote .a)}}',
      'PipeNode | t.tpl:1:3 | printf "%s" (quote .a)',
      'CommandNode | t.tpl:1:3 | printf "%s" (quote .a)',
      'IdentifierNode | t.tpl:1:3 | printf',
      'StringNode | t.tpl:1:10 | "%s" | "%s"',
      'PipeNode | t.tpl:1:16 | quote .a',
      'CommandNode | t.tpl:1:16 | quote .a',
      'IdentifierNode | t.tpl:1:16 | quote',
      'FieldNode | t.tpl:1:22 | .a',
    ],
  },
  {
    text: '{{ $x := dict }}{{ $x.a.b }}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{$x := dict}}{{$x.a.b}}',
      'ActionNode | t.tpl:1:3 | {{$x := dict}}',
      'PipeNode | t.tpl:1:3 | $x := dict',
      'VariableNode | t.tpl:1:3 | $x',
      'CommandNode | t.tpl:1:9 | dict',
      'IdentifierNode | t.tpl:1:9 | dict',
      'ActionNode | t.tpl:1:19 | {{$x.a.b}}',
      'PipeNode | t.tpl:1:19 | $x.a.b',
      'CommandNode | t.tpl:1:19 | $x.a.b',
      'VariableNode | t.tpl:1:21 | $x.a.b',
    ],
  },
  {
    text: '{{ `raw\nstring` }}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{`raw\nstring`}}',
      'ActionNode | t.tpl:1:3 | {{`raw\nstring`}}',
      'PipeNode | t.tpl:1:3 | `raw\nstring`',
      'CommandNode | t.tpl:1:3 | `raw\nstring`',
      'StringNode | t.tpl:1:3 | `raw\nstring` | "raw\\nstring"',
    ],
  },
  {
    text: "{{ 'a' }}",
    ctx: [
      "ListNode | t.tpl:1:0 | {{'a'}}",
      "ActionNode | t.tpl:1:3 | {{'a'}}",
      "PipeNode | t.tpl:1:3 | 'a'",
      "CommandNode | t.tpl:1:3 | 'a'",
      "NumberNode | t.tpl:1:3 | 'a' | true true true false 97 97 4058400000000000 0000000000000000 0000000000000000",
    ],
  },
  {
    text: '{{ 1.5 }}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{1.5}}',
      'ActionNode | t.tpl:1:3 | {{1.5}}',
      'PipeNode | t.tpl:1:3 | 1.5',
      'CommandNode | t.tpl:1:3 | 1.5',
      'NumberNode | t.tpl:1:3 | 1.5 | false false true false 0 0 3ff8000000000000 0000000000000000 0000000000000000',
    ],
  },
  {
    text: '{{ $ | len }}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{$ | len}}',
      'ActionNode | t.tpl:1:3 | {{$ | len}}',
      'PipeNode | t.tpl:1:3 | $ | len',
      'CommandNode | t.tpl:1:3 | $',
      'VariableNode | t.tpl:1:3 | $',
      'CommandNode | t.tpl:1:7 | len',
      'IdentifierNode | t.tpl:1:7 | len',
    ],
  },
  {
    text: '{{ or (eq .a 1) (ne .b 2) }}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{or (eq .a 1) (ne .b 2)}}',
      'ActionNode | t.tpl:1:3 | {{or (eq .a 1) (ne .b 2)}}',
      'PipeNode | t.tpl:1:3 | or (eq .a 1) (ne .b 2)',
      'CommandNode | t.tpl:1:3 | or (eq .a 1) (ne .b 2)',
      'IdentifierNode | t.tpl:1:3 | or',
      'PipeNode | t.tpl:1:7 | eq .a 1',
      'CommandNode | t.tpl:1:7 | eq .a 1',
      'IdentifierNode | t.tpl:1:7 | eq',
      'FieldNode | t.tpl:1:10 | .a',
      'NumberNode | t.tpl:1:13 | 1 | true true true false 1 1 3ff0000000000000 0000000000000000 0000000000000000',
      'PipeNode | t.tpl:1:17 | ne .b 2',
      'CommandNode | t.tpl:1:17 | ne .b 2',
      'IdentifierNode | t.tpl:1:17 | ne',
      'FieldNode | t.tpl:1:20 | .b',
      'NumberNode | t.tpl:1:23 | 2 | true true true false 2 2 4000000000000000 0000000000000000 0000000000000000',
    ],
  },
  {
    text: '{{(.a).b}}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{(.a).b}}',
      'ActionNode | t.tpl:1:2 | {{(.a).b}}',
      'PipeNode | t.tpl:1:2 | (.a).b',
      'CommandNode | t.tpl:1:2 | (.a).b',
      'ChainNode | t.tpl:1:6 | (.a).b',
      'PipeNode | t.tpl:1:3 | .a',
      'CommandNode | t.tpl:1:3 | .a',
      'FieldNode | t.tpl:1:3 | .a',
    ],
  },
  {
    text: '{{(.a.b).c.d}}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{(.a.b).c.d}}',
      'ActionNode | t.tpl:1:2 | {{(.a.b).c.d}}',
      'PipeNode | t.tpl:1:2 | (.a.b).c.d',
      'CommandNode | t.tpl:1:2 | (.a.b).c.d',
      'ChainNode | t.tpl:1:8 | (.a.b).c.d',
      'PipeNode | t.tpl:1:3 | .a.b',
      'CommandNode | t.tpl:1:3 | .a.b',
      'FieldNode | t.tpl:1:5 | .a.b',
    ],
  },
  {
    text: '{{ $.Values.x }}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{$.Values.x}}',
      'ActionNode | t.tpl:1:3 | {{$.Values.x}}',
      'PipeNode | t.tpl:1:3 | $.Values.x',
      'CommandNode | t.tpl:1:3 | $.Values.x',
      'VariableNode | t.tpl:1:4 | $.Values.x',
    ],
  },
  {
    text: '{{ "é\\u00e9\\U0001F600\\101\\x41" }}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{"é\\u00e9\\U0001F600\\101\\x41"}}',
      'ActionNode | t.tpl:1:3 | {{"é\\u00e9\\U0001F600\\101\\x41"}}',
      'PipeNode | t.tpl:1:3 | "é\\u00e9\\U0001F600\\101\\x41"',
      'CommandNode | t.tpl:1:3 | "é\\u00e9\\U0001F600\\101\\x41"',
      'StringNode | t.tpl:1:3 | "é\\u00e9\\U0001F600\\101\\x41" | "éé😀AA"',
    ],
  },
  {
    text: '{{ .a\n}}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{.a}}',
      'ActionNode | t.tpl:1:3 | {{.a}}',
      'PipeNode | t.tpl:1:3 | .a',
      'CommandNode | t.tpl:1:3 | .a',
      'FieldNode | t.tpl:1:3 | .a',
    ],
  },
  {
    text: '{{ include\n  "x"\n  . }}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{include "x" .}}',
      'ActionNode | t.tpl:1:3 | {{include "x" .}}',
      'PipeNode | t.tpl:1:3 | include "x" .',
      'CommandNode | t.tpl:1:3 | include "x" .',
      'IdentifierNode | t.tpl:1:3 | include',
      'StringNode | t.tpl:2:2 | "x" | "x"',
      'DotNode | t.tpl:3:2 | .',
    ],
  },
  {
    text: '{{ template "x" "y" }}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{template "x" "y"}}',
      'TemplateNode | t.tpl:1:12 | {{template "x" "y"}}',
      'PipeNode | t.tpl:1:16 | "y"',
      'CommandNode | t.tpl:1:16 | "y"',
      'StringNode | t.tpl:1:16 | "y" | "y"',
    ],
  },
  {
    text: '{{ $x:=1 }}{{$x}}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{$x := 1}}{{$x}}',
      'ActionNode | t.tpl:1:3 | {{$x := 1}}',
      'PipeNode | t.tpl:1:3 | $x := 1',
      'VariableNode | t.tpl:1:3 | $x',
      'CommandNode | t.tpl:1:7 | 1',
      'NumberNode | t.tpl:1:7 | 1 | true true true false 1 1 3ff0000000000000 0000000000000000 0000000000000000',
      'ActionNode | t.tpl:1:13 | {{$x}}',
      'PipeNode | t.tpl:1:13 | $x',
      'CommandNode | t.tpl:1:13 | $x',
      'VariableNode | t.tpl:1:13 | $x',
    ],
  },
  {
    text: '{{ $x = 1 }}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{$x = 1}}',
      'ActionNode | t.tpl:1:3 | {{$x = 1}}',
      'PipeNode | t.tpl:1:3 | $x = 1',
      'VariableNode | t.tpl:1:3 | $x',
      'CommandNode | t.tpl:1:8 | 1',
      'NumberNode | t.tpl:1:8 | 1 | true true true false 1 1 3ff0000000000000 0000000000000000 0000000000000000',
    ],
  },
  {
    text: '{{ .é }}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{.é}}',
      'ActionNode | t.tpl:1:3 | {{.é}}',
      'PipeNode | t.tpl:1:3 | .é',
      'CommandNode | t.tpl:1:3 | .é',
      'FieldNode | t.tpl:1:3 | .é',
    ],
  },
  {
    text: '{{ $é := 1 }}{{ $é }}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{$é := 1}}{{$é}}',
      'ActionNode | t.tpl:1:3 | {{$é := 1}}',
      'PipeNode | t.tpl:1:3 | $é := 1',
      'VariableNode | t.tpl:1:3 | $é',
      'CommandNode | t.tpl:1:10 | 1',
      'NumberNode | t.tpl:1:10 | 1 | true true true false 1 1 3ff0000000000000 0000000000000000 0000000000000000',
      'ActionNode | t.tpl:1:17 | {{$é}}',
      'PipeNode | t.tpl:1:17 | $é',
      'CommandNode | t.tpl:1:17 | $é',
      'VariableNode | t.tpl:1:17 | $é',
    ],
  },
  {
    text: 'héllo {{ .x }} wörld {{ .y.z }}',
    ctx: [
      'ListNode | t.tpl:1:0 | héllo {{.x}} wörld {{.y.z}}',
      'TextNode | t.tpl:1:0 | héllo ',
      'ActionNode | t.tpl:1:10 | {{.x}}',
      'PipeNode | t.tpl:1:10 | .x',
      'CommandNode | t.tpl:1:10 | .x',
      'FieldNode | t.tpl:1:10 | .x',
      'TextNode | t.tpl:1:15 |  wörld ',
      'ActionNode | t.tpl:1:26 | {{.y.z}}',
      'PipeNode | t.tpl:1:26 | .y.z',
      'CommandNode | t.tpl:1:26 | .y.z',
      'FieldNode | t.tpl:1:28 | .y.z',
    ],
  },
  {
    text: '日本語\n{{ .a.b }}',
    ctx: [
      'ListNode | t.tpl:1:0 | 日本語\n{{.a.b}}',
      'TextNode | t.tpl:1:0 | 日本語\n',
      'ActionNode | t.tpl:2:3 | {{.a.b}}',
      'PipeNode | t.tpl:2:3 | .a.b',
      'CommandNode | t.tpl:2:3 | .a.b',
      'FieldNode | t.tpl:2:5 | .a.b',
    ],
  },
  {
    text: '{{"😀"}}{{ .a }}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{"😀"}}{{.a}}',
      'ActionNode | t.tpl:1:2 | {{"😀"}}',
      'PipeNode | t.tpl:1:2 | "😀"',
      'CommandNode | t.tpl:1:2 | "😀"',
      'StringNode | t.tpl:1:2 | "😀" | "😀"',
      'ActionNode | t.tpl:1:13 | {{.a}}',
      'PipeNode | t.tpl:1:13 | .a',
      'CommandNode | t.tpl:1:13 | .a',
      'FieldNode | t.tpl:1:13 | .a',
    ],
  },
  {
    text: '{{ .a }}\n😀😀 {{ .b.c }}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{.a}}\n😀😀 {{.b.c}}',
      'ActionNode | t.tpl:1:3 | {{.a}}',
      'PipeNode | t.tpl:1:3 | .a',
      'CommandNode | t.tpl:1:3 | .a',
      'FieldNode | t.tpl:1:3 | .a',
      'TextNode | t.tpl:1:8 | \n😀😀 ',
      'ActionNode | t.tpl:2:12 | {{.b.c}}',
      'PipeNode | t.tpl:2:12 | .b.c',
      'CommandNode | t.tpl:2:12 | .b.c',
      'FieldNode | t.tpl:2:14 | .b.c',
    ],
  },
  {
    text: '{{ if .a }}\n  {{ .b }}\n{{- else }}\n  {{ .c }}\n{{- end }}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{if .a}}\n  {{.b}}{{else}}\n  {{.c}}{{end}}',
      'IfNode | t.tpl:1:6 | {{if .a}}\n  {{.b}}{{else}}\n  {{.c}}{{end}}',
      'PipeNode | t.tpl:1:6 | .a',
      'CommandNode | t.tpl:1:6 | .a',
      'FieldNode | t.tpl:1:6 | .a',
      'ListNode | t.tpl:1:11 | \n  {{.b}}',
      'TextNode | t.tpl:1:11 | \n  ',
      'ActionNode | t.tpl:2:5 | {{.b}}',
      'PipeNode | t.tpl:2:5 | .b',
      'CommandNode | t.tpl:2:5 | .b',
      'FieldNode | t.tpl:2:5 | .b',
      'ListNode | t.tpl:3:11 | \n  {{.c}}',
      'TextNode | t.tpl:3:11 | \n  ',
      'ActionNode | t.tpl:4:5 | {{.c}}',
      'PipeNode | t.tpl:4:5 | .c',
      'CommandNode | t.tpl:4:5 | .c',
      'FieldNode | t.tpl:4:5 | .c',
    ],
  },
  {
    text: '{{ range $k, $v := .Values }}\n{{ $k }}: {{ $v | quote }}\n{{ end }}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{range $k, $v := .Values}}\n{{$k}}: {{$v | quote}}\n{{end}}',
      'RangeNode | t.tpl:1:9 | {{range $k, $v := .Values}}\n{{$k}}: {{$v | quote}}\n{{end}}',
      'PipeNode | t.tpl:1:9 | $k, $v := .Values',
      'VariableNode | t.tpl:1:9 | $k',
      'VariableNode | t.tpl:1:13 | $v',
      'CommandNode | t.tpl:1:19 | .Values',
      'FieldNode | t.tpl:1:19 | .Values',
      'ListNode | t.tpl:1:29 | \n{{$k}}: {{$v | quote}}\n',
      'TextNode | t.tpl:1:29 | \n',
      'ActionNode | t.tpl:2:3 | {{$k}}',
      'PipeNode | t.tpl:2:3 | $k',
      'CommandNode | t.tpl:2:3 | $k',
      'VariableNode | t.tpl:2:3 | $k',
      'TextNode | t.tpl:2:8 | : ',
      'ActionNode | t.tpl:2:13 | {{$v | quote}}',
      'PipeNode | t.tpl:2:13 | $v | quote',
      'CommandNode | t.tpl:2:13 | $v',
      'VariableNode | t.tpl:2:13 | $v',
      'CommandNode | t.tpl:2:18 | quote',
      'IdentifierNode | t.tpl:2:18 | quote',
      'TextNode | t.tpl:2:26 | \n',
    ],
  },
  {
    text: '{{ .a -}}\n\n  {{- .b }}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{.a}}{{.b}}',
      'ActionNode | t.tpl:1:3 | {{.a}}',
      'PipeNode | t.tpl:1:3 | .a',
      'CommandNode | t.tpl:1:3 | .a',
      'FieldNode | t.tpl:1:3 | .a',
      'ActionNode | t.tpl:3:6 | {{.b}}',
      'PipeNode | t.tpl:3:6 | .b',
      'CommandNode | t.tpl:3:6 | .b',
      'FieldNode | t.tpl:3:6 | .b',
    ],
  },
  {
    text: '{{ 1 2 }}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{1 2}}',
      'ActionNode | t.tpl:1:3 | {{1 2}}',
      'PipeNode | t.tpl:1:3 | 1 2',
      'CommandNode | t.tpl:1:3 | 1 2',
      'NumberNode | t.tpl:1:3 | 1 | true true true false 1 1 3ff0000000000000 0000000000000000 0000000000000000',
      'NumberNode | t.tpl:1:5 | 2 | true true true false 2 2 4000000000000000 0000000000000000 0000000000000000',
    ],
  },
  {
    text: '{{ 1 | printf }}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{1 | printf}}',
      'ActionNode | t.tpl:1:3 | {{1 | printf}}',
      'PipeNode | t.tpl:1:3 | 1 | printf',
      'CommandNode | t.tpl:1:3 | 1',
      'NumberNode | t.tpl:1:3 | 1 | true true true false 1 1 3ff0000000000000 0000000000000000 0000000000000000',
      'CommandNode | t.tpl:1:7 | printf',
      'IdentifierNode | t.tpl:1:7 | printf',
    ],
  },
  {
    text: '{{ (1) }}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{(1)}}',
      'ActionNode | t.tpl:1:3 | {{(1)}}',
      'PipeNode | t.tpl:1:3 | (1)',
      'CommandNode | t.tpl:1:3 | (1)',
      'PipeNode | t.tpl:1:4 | 1',
      'CommandNode | t.tpl:1:4 | 1',
      'NumberNode | t.tpl:1:4 | 1 | true true true false 1 1 3ff0000000000000 0000000000000000 0000000000000000',
    ],
  },
  {
    text: '{{ ((.a)) }}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{((.a))}}',
      'ActionNode | t.tpl:1:3 | {{((.a))}}',
      'PipeNode | t.tpl:1:3 | ((.a))',
      'CommandNode | t.tpl:1:3 | ((.a))',
      'PipeNode | t.tpl:1:4 | (.a)',
      'CommandNode | t.tpl:1:4 | (.a)',
      'PipeNode | t.tpl:1:5 | .a',
      'CommandNode | t.tpl:1:5 | .a',
      'FieldNode | t.tpl:1:5 | .a',
    ],
  },
  {
    text: '{{ (.a | quote).b }}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{(.a | quote).b}}',
      'ActionNode | t.tpl:1:3 | {{(.a | quote).b}}',
      'PipeNode | t.tpl:1:3 | (.a | quote).b',
      'CommandNode | t.tpl:1:3 | (.a | quote).b',
      'ChainNode | t.tpl:1:15 | (.a | quote).b',
      'PipeNode | t.tpl:1:4 | .a | quote',
      'CommandNode | t.tpl:1:4 | .a',
      'FieldNode | t.tpl:1:4 | .a',
      'CommandNode | t.tpl:1:9 | quote',
      'IdentifierNode | t.tpl:1:9 | quote',
    ],
  },
  {
    text: '{{ (1).b }}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{(1).b}}',
      'ActionNode | t.tpl:1:3 | {{(1).b}}',
      'PipeNode | t.tpl:1:3 | (1).b',
      'CommandNode | t.tpl:1:3 | (1).b',
      'ChainNode | t.tpl:1:6 | (1).b',
      'PipeNode | t.tpl:1:4 | 1',
      'CommandNode | t.tpl:1:4 | 1',
      'NumberNode | t.tpl:1:4 | 1 | true true true false 1 1 3ff0000000000000 0000000000000000 0000000000000000',
    ],
  },
  {
    text: '{{ $x := (dict) }}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{$x := (dict)}}',
      'ActionNode | t.tpl:1:3 | {{$x := (dict)}}',
      'PipeNode | t.tpl:1:3 | $x := (dict)',
      'VariableNode | t.tpl:1:3 | $x',
      'CommandNode | t.tpl:1:9 | (dict)',
      'PipeNode | t.tpl:1:10 | dict',
      'CommandNode | t.tpl:1:10 | dict',
      'IdentifierNode | t.tpl:1:10 | dict',
    ],
  },
  {
    text: '{{ $ := 1 }}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{$ := 1}}',
      'ActionNode | t.tpl:1:3 | {{$ := 1}}',
      'PipeNode | t.tpl:1:3 | $ := 1',
      'VariableNode | t.tpl:1:3 | $',
      'CommandNode | t.tpl:1:8 | 1',
      'NumberNode | t.tpl:1:8 | 1 | true true true false 1 1 3ff0000000000000 0000000000000000 0000000000000000',
    ],
  },
  {
    text: '{{ range $x, $y := 1 }}{{ end }}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{range $x, $y := 1}}{{end}}',
      'RangeNode | t.tpl:1:9 | {{range $x, $y := 1}}{{end}}',
      'PipeNode | t.tpl:1:9 | $x, $y := 1',
      'VariableNode | t.tpl:1:9 | $x',
      'VariableNode | t.tpl:1:13 | $y',
      'CommandNode | t.tpl:1:19 | 1',
      'NumberNode | t.tpl:1:19 | 1 | true true true false 1 1 3ff0000000000000 0000000000000000 0000000000000000',
      'ListNode | t.tpl:1:23 | ',
    ],
  },
  {
    text: '{{ range $x = 1 }}{{ end }}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{range $x = 1}}{{end}}',
      'RangeNode | t.tpl:1:9 | {{range $x = 1}}{{end}}',
      'PipeNode | t.tpl:1:9 | $x = 1',
      'VariableNode | t.tpl:1:9 | $x',
      'CommandNode | t.tpl:1:14 | 1',
      'NumberNode | t.tpl:1:14 | 1 | true true true false 1 1 3ff0000000000000 0000000000000000 0000000000000000',
      'ListNode | t.tpl:1:18 | ',
    ],
  },
  {
    text: '{{ range $x, $y = . }}{{ $x }}{{ end }}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{range $x, $y = .}}{{$x}}{{end}}',
      'RangeNode | t.tpl:1:9 | {{range $x, $y = .}}{{$x}}{{end}}',
      'PipeNode | t.tpl:1:9 | $x, $y = .',
      'VariableNode | t.tpl:1:9 | $x',
      'VariableNode | t.tpl:1:13 | $y',
      'CommandNode | t.tpl:1:18 | .',
      'DotNode | t.tpl:1:18 | .',
      'ListNode | t.tpl:1:22 | {{$x}}',
      'ActionNode | t.tpl:1:25 | {{$x}}',
      'PipeNode | t.tpl:1:25 | $x',
      'CommandNode | t.tpl:1:25 | $x',
      'VariableNode | t.tpl:1:25 | $x',
    ],
  },
  {
    text: '{{ if $x := 1 }}{{ $x }}{{ else }}{{ $x }}{{ end }}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{if $x := 1}}{{$x}}{{else}}{{$x}}{{end}}',
      'IfNode | t.tpl:1:6 | {{if $x := 1}}{{$x}}{{else}}{{$x}}{{end}}',
      'PipeNode | t.tpl:1:6 | $x := 1',
      'VariableNode | t.tpl:1:6 | $x',
      'CommandNode | t.tpl:1:12 | 1',
      'NumberNode | t.tpl:1:12 | 1 | true true true false 1 1 3ff0000000000000 0000000000000000 0000000000000000',
      'ListNode | t.tpl:1:16 | {{$x}}',
      'ActionNode | t.tpl:1:19 | {{$x}}',
      'PipeNode | t.tpl:1:19 | $x',
      'CommandNode | t.tpl:1:19 | $x',
      'VariableNode | t.tpl:1:19 | $x',
      'ListNode | t.tpl:1:34 | {{$x}}',
      'ActionNode | t.tpl:1:37 | {{$x}}',
      'PipeNode | t.tpl:1:37 | $x',
      'CommandNode | t.tpl:1:37 | $x',
      'VariableNode | t.tpl:1:37 | $x',
    ],
  },
  {
    text: '{{ if .a }}{{ $z := 1 }}{{ else }}{{ $z }}{{ end }}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{if .a}}{{$z := 1}}{{else}}{{$z}}{{end}}',
      'IfNode | t.tpl:1:6 | {{if .a}}{{$z := 1}}{{else}}{{$z}}{{end}}',
      'PipeNode | t.tpl:1:6 | .a',
      'CommandNode | t.tpl:1:6 | .a',
      'FieldNode | t.tpl:1:6 | .a',
      'ListNode | t.tpl:1:11 | {{$z := 1}}',
      'ActionNode | t.tpl:1:14 | {{$z := 1}}',
      'PipeNode | t.tpl:1:14 | $z := 1',
      'VariableNode | t.tpl:1:14 | $z',
      'CommandNode | t.tpl:1:20 | 1',
      'NumberNode | t.tpl:1:20 | 1 | true true true false 1 1 3ff0000000000000 0000000000000000 0000000000000000',
      'ListNode | t.tpl:1:34 | {{$z}}',
      'ActionNode | t.tpl:1:37 | {{$z}}',
      'PipeNode | t.tpl:1:37 | $z',
      'CommandNode | t.tpl:1:37 | $z',
      'VariableNode | t.tpl:1:37 | $z',
    ],
  },
  {
    text: 'x\n{{/* a\nb\nc */}}\n{{ .y }}',
    ctx: [
      'ListNode | t.tpl:1:0 | x\n\n{{.y}}',
      'TextNode | t.tpl:1:0 | x\n',
      'TextNode | t.tpl:4:6 | \n',
      'ActionNode | t.tpl:5:3 | {{.y}}',
      'PipeNode | t.tpl:5:3 | .y',
      'CommandNode | t.tpl:5:3 | .y',
      'FieldNode | t.tpl:5:3 | .y',
    ],
  },
  {
    text: '«.a» «.b.c»',
    left: '«',
    right: '»',
    ctx: [
      'ListNode | t.tpl:1:0 | {{.a}} {{.b.c}}',
      'ActionNode | t.tpl:1:2 | {{.a}}',
      'PipeNode | t.tpl:1:2 | .a',
      'CommandNode | t.tpl:1:2 | .a',
      'FieldNode | t.tpl:1:2 | .a',
      'TextNode | t.tpl:1:6 |  ',
      'ActionNode | t.tpl:1:9 | {{.b.c}}',
      'PipeNode | t.tpl:1:9 | .b.c',
      'CommandNode | t.tpl:1:9 | .b.c',
      'FieldNode | t.tpl:1:11 | .b.c',
    ],
  },
  {
    text: '{{\n.a\n.b\n}}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{.a .b}}',
      'ActionNode | t.tpl:2:0 | {{.a .b}}',
      'PipeNode | t.tpl:2:0 | .a .b',
      'CommandNode | t.tpl:2:0 | .a .b',
      'FieldNode | t.tpl:2:0 | .a',
      'FieldNode | t.tpl:3:0 | .b',
    ],
  },
  {
    text: '{{ (\n.a\n) }}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{(.a)}}',
      'ActionNode | t.tpl:1:3 | {{(.a)}}',
      'PipeNode | t.tpl:1:3 | (.a)',
      'CommandNode | t.tpl:1:3 | (.a)',
      'PipeNode | t.tpl:2:0 | .a',
      'CommandNode | t.tpl:2:0 | .a',
      'FieldNode | t.tpl:2:0 | .a',
    ],
  },
  {
    text: 'é\n  {{ .a.b.c }} é {{ $.x }}',
    ctx: [
      'ListNode | t.tpl:1:0 | é\n  {{.a.b.c}} é {{$.x}}',
      'TextNode | t.tpl:1:0 | é\n  ',
      'ActionNode | t.tpl:2:5 | {{.a.b.c}}',
      'PipeNode | t.tpl:2:5 | .a.b.c',
      'CommandNode | t.tpl:2:5 | .a.b.c',
      'FieldNode | t.tpl:2:7 | .a.b.c',
      'TextNode | t.tpl:2:14 |  é ',
      'ActionNode | t.tpl:2:21 | {{$.x}}',
      'PipeNode | t.tpl:2:21 | $.x',
      'CommandNode | t.tpl:2:21 | $.x',
      'VariableNode | t.tpl:2:22 | $.x',
    ],
  },
  {
    text: '\t{{ .a }}\r\n{{ .b }}',
    ctx: [
      'ListNode | t.tpl:1:0 | \t{{.a}}\r\n{{.b}}',
      'TextNode | t.tpl:1:0 | \t',
      'ActionNode | t.tpl:1:4 | {{.a}}',
      'PipeNode | t.tpl:1:4 | .a',
      'CommandNode | t.tpl:1:4 | .a',
      'FieldNode | t.tpl:1:4 | .a',
      'TextNode | t.tpl:1:9 | \r\n',
      'ActionNode | t.tpl:2:3 | {{.b}}',
      'PipeNode | t.tpl:2:3 | .b',
      'CommandNode | t.tpl:2:3 | .b',
      'FieldNode | t.tpl:2:3 | .b',
    ],
  },
  {
    text: '{{ (((1))) }}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{(((1)))}}',
      'ActionNode | t.tpl:1:3 | {{(((1)))}}',
      'PipeNode | t.tpl:1:3 | (((1)))',
      'CommandNode | t.tpl:1:3 | (((1)))',
      'PipeNode | t.tpl:1:4 | ((1))',
      'CommandNode | t.tpl:1:4 | ((1))',
      'PipeNode | t.tpl:1:5 | (1)',
      'CommandNode | t.tpl:1:5 | (1)',
      'PipeNode | t.tpl:1:6 | 1',
      'CommandNode | t.tpl:1:6 | 1',
      'NumberNode | t.tpl:1:6 | 1 | true true true false 1 1 3ff0000000000000 0000000000000000 0000000000000000',
    ],
  },
  {
    text: '{{ template "a\\n\\u00e9\\x01" }}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{template "a\\né\\x01"}}',
      'TemplateNode | t.tpl:1:12 | {{template "a\\né\\x01"}}',
    ],
  },
  {
    text: '{{ define "a" }}{{ template "a\\"b" . }}{{ end }}',
    ctx: [
      'ListNode | t.tpl:1:16 | {{template "a\\"b" .}}',
      'TemplateNode | t.tpl:1:28 | {{template "a\\"b" .}}',
      'PipeNode | t.tpl:1:35 | .',
      'CommandNode | t.tpl:1:35 | .',
      'DotNode | t.tpl:1:35 | .',
      'ListNode | t.tpl:1:0 | ',
    ],
  },
  {
    text: '{{ $x := 1 }}{{ range $x := . }}{{ $x }}{{ end }}{{ $x }}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{$x := 1}}{{range $x := .}}{{$x}}{{end}}{{$x}}',
      'ActionNode | t.tpl:1:3 | {{$x := 1}}',
      'PipeNode | t.tpl:1:3 | $x := 1',
      'VariableNode | t.tpl:1:3 | $x',
      'CommandNode | t.tpl:1:9 | 1',
      'NumberNode | t.tpl:1:9 | 1 | true true true false 1 1 3ff0000000000000 0000000000000000 0000000000000000',
      'RangeNode | t.tpl:1:22 | {{range $x := .}}{{$x}}{{end}}',
      'PipeNode | t.tpl:1:22 | $x := .',
      'VariableNode | t.tpl:1:22 | $x',
      'CommandNode | t.tpl:1:28 | .',
      'DotNode | t.tpl:1:28 | .',
      'ListNode | t.tpl:1:32 | {{$x}}',
      'ActionNode | t.tpl:1:35 | {{$x}}',
      'PipeNode | t.tpl:1:35 | $x',
      'CommandNode | t.tpl:1:35 | $x',
      'VariableNode | t.tpl:1:35 | $x',
      'ActionNode | t.tpl:1:52 | {{$x}}',
      'PipeNode | t.tpl:1:52 | $x',
      'CommandNode | t.tpl:1:52 | $x',
      'VariableNode | t.tpl:1:52 | $x',
    ],
  },
  {
    text: '{{ range $i, $e := . }}{{ $i }}{{ $e }}{{ end }}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{range $i, $e := .}}{{$i}}{{$e}}{{end}}',
      'RangeNode | t.tpl:1:9 | {{range $i, $e := .}}{{$i}}{{$e}}{{end}}',
      'PipeNode | t.tpl:1:9 | $i, $e := .',
      'VariableNode | t.tpl:1:9 | $i',
      'VariableNode | t.tpl:1:13 | $e',
      'CommandNode | t.tpl:1:19 | .',
      'DotNode | t.tpl:1:19 | .',
      'ListNode | t.tpl:1:23 | {{$i}}{{$e}}',
      'ActionNode | t.tpl:1:26 | {{$i}}',
      'PipeNode | t.tpl:1:26 | $i',
      'CommandNode | t.tpl:1:26 | $i',
      'VariableNode | t.tpl:1:26 | $i',
      'ActionNode | t.tpl:1:34 | {{$e}}',
      'PipeNode | t.tpl:1:34 | $e',
      'CommandNode | t.tpl:1:34 | $e',
      'VariableNode | t.tpl:1:34 | $e',
    ],
  },
  {
    text: '{{ range $e := . }}{{ $e }}{{ end }}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{range $e := .}}{{$e}}{{end}}',
      'RangeNode | t.tpl:1:9 | {{range $e := .}}{{$e}}{{end}}',
      'PipeNode | t.tpl:1:9 | $e := .',
      'VariableNode | t.tpl:1:9 | $e',
      'CommandNode | t.tpl:1:15 | .',
      'DotNode | t.tpl:1:15 | .',
      'ListNode | t.tpl:1:19 | {{$e}}',
      'ActionNode | t.tpl:1:22 | {{$e}}',
      'PipeNode | t.tpl:1:22 | $e',
      'CommandNode | t.tpl:1:22 | $e',
      'VariableNode | t.tpl:1:22 | $e',
    ],
  },
  {
    text: '{{ $a := 1 }}{{ $b := 2 }}{{ $a = $b }}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{$a := 1}}{{$b := 2}}{{$a = $b}}',
      'ActionNode | t.tpl:1:3 | {{$a := 1}}',
      'PipeNode | t.tpl:1:3 | $a := 1',
      'VariableNode | t.tpl:1:3 | $a',
      'CommandNode | t.tpl:1:9 | 1',
      'NumberNode | t.tpl:1:9 | 1 | true true true false 1 1 3ff0000000000000 0000000000000000 0000000000000000',
      'ActionNode | t.tpl:1:16 | {{$b := 2}}',
      'PipeNode | t.tpl:1:16 | $b := 2',
      'VariableNode | t.tpl:1:16 | $b',
      'CommandNode | t.tpl:1:22 | 2',
      'NumberNode | t.tpl:1:22 | 2 | true true true false 2 2 4000000000000000 0000000000000000 0000000000000000',
      'ActionNode | t.tpl:1:29 | {{$a = $b}}',
      'PipeNode | t.tpl:1:29 | $a = $b',
      'VariableNode | t.tpl:1:29 | $a',
      'CommandNode | t.tpl:1:34 | $b',
      'VariableNode | t.tpl:1:34 | $b',
    ],
  },
  {
    text: '{{ with .a }}{{ $ }}{{ end }}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{with .a}}{{$}}{{end}}',
      'WithNode | t.tpl:1:8 | {{with .a}}{{$}}{{end}}',
      'PipeNode | t.tpl:1:8 | .a',
      'CommandNode | t.tpl:1:8 | .a',
      'FieldNode | t.tpl:1:8 | .a',
      'ListNode | t.tpl:1:13 | {{$}}',
      'ActionNode | t.tpl:1:16 | {{$}}',
      'PipeNode | t.tpl:1:16 | $',
      'CommandNode | t.tpl:1:16 | $',
      'VariableNode | t.tpl:1:16 | $',
    ],
  },
  {
    text: '{{ if and .a (or .b .c) }}x{{ end }}',
    ctx: [
      'ListNode | t.tpl:1:0 | {{if and .a (or .b .c)}}x{{end}}',
      'IfNode | t.tpl:1:6 | {{if and .a (or .b .c)}}x{{end}}',
      'PipeNode | t.tpl:1:6 | and .a (or .b .c)',
      'CommandNode | t.tpl:1:6 | and .a (or .b .c)',
      'IdentifierNode | t.tpl:1:6 | and',
      'FieldNode | t.tpl:1:10 | .a',
      'PipeNode | t.tpl:1:14 | or .b .c',
      'CommandNode | t.tpl:1:14 | or .b .c',
      'IdentifierNode | t.tpl:1:14 | or',
      'FieldNode | t.tpl:1:17 | .b',
      'FieldNode | t.tpl:1:20 | .c',
      'ListNode | t.tpl:1:26 | x',
      'TextNode | t.tpl:1:26 | x',
    ],
  },
  {
    text: "{{'a'}}",
    name: 'n',
    ctx: [
      "ListNode | n:1:0 | {{'a'}}",
      "ActionNode | n:1:2 | {{'a'}}",
      "PipeNode | n:1:2 | 'a'",
      "CommandNode | n:1:2 | 'a'",
      "NumberNode | n:1:2 | 'a' | true true true false 97 97 4058400000000000 0000000000000000 0000000000000000",
    ],
  },
  {
    text: "{{'\\n'}}",
    name: 'n',
    ctx: [
      "ListNode | n:1:0 | {{'\\n'}}",
      "ActionNode | n:1:2 | {{'\\n'}}",
      "PipeNode | n:1:2 | '\\n'",
      "CommandNode | n:1:2 | '\\n'",
      "NumberNode | n:1:2 | '\\n' | true true true false 10 10 4024000000000000 0000000000000000 0000000000000000",
    ],
  },
  {
    text: "{{'\\xff'}}",
    name: 'n',
    ctx: [
      "ListNode | n:1:0 | {{'\\xff'}}",
      "ActionNode | n:1:2 | {{'\\xff'}}",
      "PipeNode | n:1:2 | '\\xff'",
      "CommandNode | n:1:2 | '\\xff'",
      "NumberNode | n:1:2 | '\\xff' | true true true false 255 255 406fe00000000000 0000000000000000 0000000000000000",
    ],
  },
  {
    text: "{{'\\u00e9'}}",
    name: 'n',
    ctx: [
      "ListNode | n:1:0 | {{'\\u00e9'}}",
      "ActionNode | n:1:2 | {{'\\u00e9'}}",
      "PipeNode | n:1:2 | '\\u00e9'",
      "CommandNode | n:1:2 | '\\u00e9'",
      "NumberNode | n:1:2 | '\\u00e9' | true true true false 233 233 406d200000000000 0000000000000000 0000000000000000",
    ],
  },
  {
    text: "{{'é'}}",
    name: 'n',
    ctx: [
      "ListNode | n:1:0 | {{'é'}}",
      "ActionNode | n:1:2 | {{'é'}}",
      "PipeNode | n:1:2 | 'é'",
      "CommandNode | n:1:2 | 'é'",
      "NumberNode | n:1:2 | 'é' | true true true false 233 233 406d200000000000 0000000000000000 0000000000000000",
    ],
  },
];

function opts(c: {
  name?: string;
  left?: string;
  right?: string;
  funcs?: string[];
}): ParseOptions & { name?: string; user?: string[] } {
  return { name: c.name, leftDelim: c.left, rightDelim: c.right, user: c.funcs };
}

test('String() of every tree, or the error, matches Go', () => {
  for (const c of GO_CASES) {
    if (c.err !== undefined) {
      assert.equal(parseError(c.text, opts(c)), c.err, JSON.stringify(c.text));
      continue;
    }
    const trees = p(c.text, opts(c));
    const got = Object.fromEntries([...trees.keys()].sort().map((k) => [k, nodeString(trees.get(k)!.root)]));
    assert.deepEqual(got, c.trees, JSON.stringify(c.text));
  }
});

const NAMES: Record<Node['type'], string> = {
  list: 'ListNode',
  text: 'TextNode',
  comment: 'CommentNode',
  pipe: 'PipeNode',
  action: 'ActionNode',
  command: 'CommandNode',
  identifier: 'IdentifierNode',
  variable: 'VariableNode',
  dot: 'DotNode',
  nil: 'NilNode',
  field: 'FieldNode',
  chain: 'ChainNode',
  bool: 'BoolNode',
  number: 'NumberNode',
  string: 'StringNode',
  if: 'IfNode',
  range: 'RangeNode',
  with: 'WithNode',
  template: 'TemplateNode',
  break: 'BreakNode',
  continue: 'ContinueNode',
};

function bits(f: number): string {
  const d = new DataView(new ArrayBuffer(8));
  d.setFloat64(0, f);
  return d.getBigUint64(0).toString(16).padStart(16, '0');
}

/** Every node in Go's walk order, as "Kind | location | context [| number fields]". */
function describe(t: Tree, n: Node, out: string[]): void {
  const { location, context } = errorContext(t, n);
  let line = `${NAMES[n.type]} | ${location} | ${context}`;
  if (n.type === 'number') {
    line += ` | ${n.isInt} ${n.isUint} ${n.isFloat} ${n.isComplex} ${n.int64} ${n.uint64} ${bits(n.float64)} ${bits(n.complex.re)} ${bits(n.complex.im)}`;
  }
  if (n.type === 'string') line += ` | ${goQuote(n.text)}`;
  out.push(line);
  const kids: (Node | null)[] =
    n.type === 'list'
      ? n.nodes
      : n.type === 'action'
        ? [n.pipe]
        : n.type === 'pipe'
          ? [...n.decl, ...n.cmds]
          : n.type === 'command'
            ? n.args
            : n.type === 'chain'
              ? [n.node]
              : n.type === 'if' || n.type === 'range' || n.type === 'with'
                ? [n.pipe, n.list, n.elseList]
                : n.type === 'template'
                  ? [n.pipe]
                  : [];
  for (const k of kids) if (k !== null) describe(t, k, out);
}

test('positions, lines, columns and contexts of every node match Go', () => {
  for (const c of GO_CONTEXTS) {
    const trees = p(c.text, opts(c));
    const out: string[] = [];
    for (const k of [...trees.keys()].sort()) describe(trees.get(k)!, trees.get(k)!.root, out);
    assert.deepEqual(out, c.ctx, JSON.stringify(c.text));
  }
});
