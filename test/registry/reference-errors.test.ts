// Malformed chart references as helm v4.3.2 rejects them: `oci://` references through url.Parse,
// Helm's newReference and oras-go's ParseReference (registry, repository, tag and go-digest texts),
// a digest the registry does not hold, and schemes no getter serves. helm and rudder compared on
// stdout, stderr and exit code.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, runHelm, runRudder, type RunResult } from '../cli/support.js';
import { startRegistry, type Registry } from '../support/registry.js';

function same(h: RunResult, r: RunResult, what: string): void {
  assert.equal(r.stdout, h.stdout, `${what}: stdout`);
  assert.equal(r.stderr, h.stderr, `${what}: stderr`);
  assert.equal(r.code, h.code, `${what}: exit code`);
}

/** Runs args with both tools, each in its own empty HOME and working directory. */
function compare(args: string[]): RunResult {
  const hd = mkdtempSync(join(tmpdir(), 'rudder-referr-h-'));
  const rd = mkdtempSync(join(tmpdir(), 'rudder-referr-r-'));
  const h = runHelm(args, cleanEnv({ HOME: hd }), hd);
  const r = runRudder(args, cleanEnv({ HOME: rd }), rd);
  same(h, r, args.join(' '));
  return h;
}

// Every one fails before any network traffic (host names that are never looked up).
const MALFORMED = [
  'oci:///x',
  'oci://',
  'oci://host',
  'oci://host/',
  'oci://host:abc/a',
  'oci://h%41/a',
  'oci://[::1/a',
  'oci://host/A',
  'oci://host/a:b:c',
  'oci://host/a:1+2',
  'oci://host/a:1.0.0+2',
  'oci://host/a@sha256:zz',
  'oci://host/a@sha256:',
  'oci://host/a@x@sha256:zz',
  'oci://host/a@foo:bar',
  'oci://host/a@md5:abc',
  'oci://host:/a@sha512:ab',
];

describe('malformed oci:// references', () => {
  test('pull fails as helm on each', () => {
    for (const ref of MALFORMED) {
      const h = compare(['pull', ref]);
      assert.equal(h.code, 1, ref);
    }
  });
  test('template and show chart fail as helm', () => {
    for (const ref of [
      'oci:///x',
      'oci://',
      'oci://host:abc/a',
      'oci://host/a@sha256:zz',
      'oci://host/a:1+2',
    ]) {
      compare(['template', ref]);
      compare(['show', 'chart', ref]);
    }
  });
});

describe('references ValidateReference reads as URL host and path', () => {
  // newReference(u.Host + u.Path) first, then Client.Tags on the raw text (no --version), then the
  // getter's reference printed from the URL with ValidateReference's path (--version).
  const REFS = [
    'oci://a@b/c',
    'oci://user:pw@host/c',
    'oci://a@b/C',
    'oci://:@b/c',
    'oci://a@/c',
    'oci://a@b/c:1.0',
    'oci://host/a?x=1',
    'oci://host/a#f',
    `oci://a@b/c@sha256:${'0'.repeat(64)}`,
  ];
  test('pull with and without --version, template, show chart, install --dry-run=client', () => {
    for (const ref of REFS) {
      compare(['pull', ref]);
      compare(['pull', ref, '--version', '1.0.0']);
      compare(['template', ref]);
    }
    for (const ref of REFS.slice(0, 3)) {
      compare(['show', 'chart', ref]);
      compare(['install', 'x', ref, '--dry-run=client']);
    }
  });
});

describe('a digest the registry does not hold', () => {
  let reg: Registry;
  let work: string;
  before(async () => {
    reg = await startRegistry();
    work = mkdtempSync(join(tmpdir(), 'rudder-referr-'));
    const env = cleanEnv({ HOME: work });
    assert.equal(runHelm(['create', 'dg'], env, work).code, 0);
    assert.equal(runHelm(['package', 'dg'], env, work).code, 0);
    const p = runHelm(['push', join(work, 'dg-0.1.0.tgz'), `oci://${reg.host}`, '--plain-http'], env, work);
    assert.equal(p.code, 0, p.stderr);
  });
  after(async () => {
    await reg?.stop();
  });
  test('pull and template by digest only: helm names it repo@sha256:…', () => {
    const ref = `oci://${reg.host}/dg@sha256:${'0'.repeat(64)}`;
    const h = compare(['pull', ref, '--plain-http']);
    assert.match(h.stderr, /\/dg@sha256:0+: not found/);
    compare(['template', ref, '--plain-http']);
    // By tag the name keeps its `:`.
    compare(['pull', `oci://${reg.host}/dg:9.9.9`, '--plain-http']);
  });
});

describe('names that are no full chart URL', () => {
  // ResolveChartVersion: url.Parse, then repo_name/path_to_chart from the URL's path whatever the scheme.
  const NAMES = [
    'nothing://x',
    'nothing:///x',
    'nothing:x/y',
    'nothing://x/y',
    '%zz',
    'a/b%zz',
    'mychart',
    'a/b?x#y',
  ];
  test('pull, template, show chart and install --dry-run fail as helm', () => {
    for (const name of NAMES) {
      compare(['pull', name]);
      compare(['template', name]);
      compare(['show', 'chart', name]);
      compare(['install', 'x', name, '--dry-run']);
    }
  });
});
