// Expected values observed from Go 1.26 text/template + Sprig v3.3.0 (Go net/url).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { urlsFuncs } from '../../src/funcs/urls.js';
import { GoError, GoMap, int, mapOf, type Value } from '../../src/go/value.js';

const F = urlsFuncs();
const call = (name: string, ...args: Value[]): Value => F.get(name)!.fn(...args);
const parsed = (u: string): Record<string, Value> =>
  Object.fromEntries((call('urlParse', u) as GoMap).entries);
const goErr = (fn: () => unknown, message: string): void => {
  assert.throws(fn, (e: unknown) => e instanceof GoError && e.message === message);
};
const fields = (
  scheme: string,
  host: string,
  hostname: string,
  path: string,
  query: string,
  opaque: string,
  fragment: string,
  userinfo: string,
) => ({
  scheme,
  host,
  hostname,
  path,
  query,
  opaque,
  fragment,
  userinfo,
});

test('urlParse splits like net/url.Parse', () => {
  assert.deepEqual(
    parsed('https://user:p%40ss@example.com:8080/a%20b/c?x=1&y=2#frag%20x'),
    fields('https', 'example.com:8080', 'example.com', '/a b/c', 'x=1&y=2', '', 'frag x', 'user:p%40ss'),
  );
  assert.deepEqual(
    parsed('mailto:joe@example.com'),
    fields('mailto', '', '', '', '', 'joe@example.com', '', ''),
  );
  assert.deepEqual(parsed('/rel/path?q'), fields('', '', '', '/rel/path', 'q', '', '', ''));
  assert.deepEqual(
    parsed('HTTP://EXAMPLE.com'),
    fields('http', 'EXAMPLE.com', 'EXAMPLE.com', '', '', '', '', ''),
  );
  assert.deepEqual(parsed('http://[::1]:80/x'), fields('http', '[::1]:80', '::1', '/x', '', '', '', ''));
  assert.deepEqual(
    parsed('http://[fe80::1%25en0]/'),
    fields('http', '[fe80::1%en0]', 'fe80::1%en0', '/', '', '', '', ''),
  );
  assert.deepEqual(parsed('file:///etc/hosts'), fields('file', '', '', '/etc/hosts', '', '', '', ''));
  assert.deepEqual(parsed(''), fields('', '', '', '', '', '', '', ''));
  assert.deepEqual(parsed('//host/p'), fields('', 'host', 'host', '/p', '', '', '', ''));
  assert.deepEqual(parsed('a:b'), fields('a', '', '', '', '', 'b', '', ''));
  assert.deepEqual(parsed('http://u@s@h/'), fields('http', 'h', 'h', '/', '', '', '', 'u%40s'));
  assert.deepEqual(parsed('http://x/?'), fields('http', 'x', 'x', '/', '', '', '', ''));
});

test('urlParse panics with the url.Error text', () => {
  const cases: [string, string][] = [
    ['http://a b.com/', 'invalid character " " in host name'],
    ['1a:b', 'first path segment in URL cannot contain colon'],
    [':foo', 'missing protocol scheme'],
    ['http://x/%zz', 'invalid URL escape "%zz"'],
    ['http://a:b:c/', 'invalid port ":b:c" after host'],
    ['http://[1.2.3.4]/', 'invalid IP-literal'],
    ['http://[::1/', "missing ']' in host"],
    ['http://host:80x/', 'invalid port ":80x" after host'],
    ['http://u^x@h/', 'net/url: invalid userinfo'],
    ['http://x/#%zz', 'invalid URL escape "%zz"'],
    ['foo://a:b:c/', 'invalid port ":c" after host'],
  ];
  for (const [u, msg] of cases)
    goErr(() => call('urlParse', u), `unable to parse url: parse ${JSON.stringify(u)}: ${msg}`);
});

test('bracketed hosts are checked as netip.ParseAddr does', () => {
  assert.equal(parsed('http://[::ffff:1.2.3.4]/').hostname, '::ffff:1.2.3.4');
  assert.equal(parsed('http://[1:2:3:4:5:6:1.2.3.4]/').hostname, '1:2:3:4:5:6:1.2.3.4');
  assert.equal(parsed('http://[fe80::1%25en0]:8080/').host, '[fe80::1%en0]:8080');
  assert.equal(parsed('http://[::]/').hostname, '::');
  assert.equal(parsed('http://[1::]/').hostname, '1::');
  const cases: [string, string][] = [
    ['zz::1', 'each colon-separated field must have at least one digit (at "zz::1")'],
    ['::1:2:3:4:5:6:7:8', 'the :: must expand to at least one field of zeros'],
    ['1:2:3:4:5:6:7', 'address string too short'],
    ['1::2::3', 'multiple :: in address (at ":3")'],
    ['12345::1', 'each group must have 4 or less digits (at "12345::1")'],
    ['::ffff:1.2.3', 'IPv4 address too short'],
    ['::ffff:01.2.3.4', 'IPv4 field has octet with leading zero'],
    ['::ffff:1.2.3.256', 'IPv4 field has value >255'],
    [
      '1:2:3:4:5:1.2.3.4',
      'embedded IPv4 address must replace the final 2 fields of the address (at "1.2.3.4")',
    ],
    ['1:2:3:4:5:6:7:8:9', 'trailing garbage after address (at "9")'],
    ['1:', 'colon must be followed by more characters (at ":")'],
    ['abc', 'unable to parse IP'],
    ['1.2.3.4.5', 'IPv4 address too long'],
    ['1:2x', 'unexpected character, want colon (at "x")'],
  ];
  for (const [h, msg] of cases) {
    const u = `http://[${h}]/`;
    goErr(
      () => call('urlParse', u),
      `unable to parse url: parse ${JSON.stringify(u)}: invalid host: ParseAddr(${JSON.stringify(h)}): ${msg}`,
    );
  }
  goErr(
    () => call('urlParse', 'http://[%25en0]/'),
    'unable to parse url: parse "http://[%25en0]/": invalid host: ParseAddr("%en0"): missing IPv6 address',
  );
  goErr(
    () => call('urlParse', 'http://[::1%25]/'),
    'unable to parse url: parse "http://[::1%25]/": invalid host: ParseAddr("::1%"): zone must be a non-empty string',
  );
});

test('urlJoin builds URL.String()', () => {
  const d = mapOf({
    scheme: 'https',
    host: 'example.com',
    path: '/a b',
    query: 'x=1',
    fragment: 'f g',
    userinfo: 'u:p@ss',
  });
  assert.equal(call('urlJoin', d), 'https://u:p%40ss@example.com/a%20b?x=1#f%20g');
  assert.equal(call('urlJoin', mapOf({ host: 'h', path: 'p' })), '//h/p');
  assert.equal(call('urlJoin', mapOf({ path: 'a:b' })), './a:b');
  assert.equal(call('urlJoin', mapOf({ scheme: 'mailto', opaque: 'joe@x.com' })), 'mailto:joe@x.com');
  assert.equal(call('urlJoin', mapOf({})), '');
  assert.equal(
    call('urlJoin', mapOf({ scheme: 'http', host: 'ü.com', path: '/ü?' })),
    'http://%C3%BC.com/%C3%BC%3F',
  );
  assert.equal(call('urlJoin', mapOf({ scheme: 'file', path: '/etc' })), 'file:///etc');
  assert.equal(call('urlJoin', mapOf({ fragment: 'a!b#c' })), '#a!b%23c');
});

test('urlJoin errors', () => {
  goErr(
    () => call('urlJoin', mapOf({ host: int(1) })),
    'unable to parse host key, must be of type string, but int found',
  );
  goErr(
    () => call('urlJoin', mapOf({ host: null })),
    'runtime error: invalid memory address or nil pointer dereference',
  );
  goErr(
    () => call('urlJoin', mapOf({ userinfo: 'a b' })),
    'unable to parse userinfo in dict: parse "proto://a b@host": net/url: invalid userinfo',
  );
  goErr(
    () => call('urlJoin', mapOf({ userinfo: 'a%zz' })),
    'unable to parse userinfo in dict: parse "proto://a%zz@host": invalid URL escape "%zz"',
  );
});
