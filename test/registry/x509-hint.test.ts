// Go's unknown-authority text with its hint for registries — `(possibly because of "x509: ECDSA
// verification failure" while trying to verify candidate authority certificate "localhost")` when
// --ca-file holds another registry's certificate of the same name — and the right certificate
// accepted, compared with helm v4.3.2 on two TLS docker-registry instances on 127.0.0.1.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanEnv, helm, rudder } from '../repo/support.js';
import { startRegistry, type Registry } from '../support/registry.js';

let a: Registry;
let b: Registry;

before(async () => {
  a = await startRegistry({ tls: true });
  b = await startRegistry({ tls: true });
});

after(async () => {
  await a?.stop();
  await b?.stop();
});

test('registry TLS errors: the candidate CA hint as helm prints it', async () => {
  const envs = { h: cleanEnv(), r: cleanEnv() };
  const cases: [string, string[]][] = [
    [
      'login, other CA',
      ['registry', 'login', b.host, '-u', 'testuser', '-p', 'testpass', '--ca-file', a.caFile!],
    ],
    ['pull, other CA', ['pull', `oci://${b.host}/charts/none`, '--version', '1.0.0', '--ca-file', a.caFile!]],
    ['pull, no CA', ['pull', `oci://${b.host}/charts/none`, '--version', '1.0.0']],
    ['pull, right CA', ['pull', `oci://${b.host}/charts/none`, '--version', '1.0.0', '--ca-file', b.caFile!]],
  ];
  for (const [what, args] of cases) {
    const h = await helm(args, envs.h);
    const r = await rudder(args, envs.r);
    assert.equal(r.stderr, h.stderr.replaceAll('rudder', 'helm'), `${what}: stderr`);
    assert.equal(r.stdout, h.stdout, `${what}: stdout`);
    assert.equal(r.code, h.code, `${what}: exit code`);
  }
  const h = await helm(cases[1]![1], envs.h);
  assert.match(h.stderr, /possibly because of "x509: ECDSA verification failure"/);
});
