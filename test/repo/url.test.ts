// Helm's URL helpers with Go's net/url results (values from repo.ResolveReferenceURL and
// urlutil.URLJoin in helm v4.3.2's own tests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveReferenceURL, urlJoin } from '../../src/repo/url.js';
import { sameOrigin } from '../../src/repo/http.js';

test('ResolveReferenceURL: relative to the repository with a trailing slash, the query kept', () => {
  assert.equal(
    resolveReferenceURL('http://localhost:8123/charts/', 'nginx-0.2.0.tgz'),
    'http://localhost:8123/charts/nginx-0.2.0.tgz',
  );
  assert.equal(
    resolveReferenceURL('http://localhost:8123/charts', 'nginx-0.2.0.tgz'),
    'http://localhost:8123/charts/nginx-0.2.0.tgz',
  );
  assert.equal(
    resolveReferenceURL('http://localhost:8123/charts?with=queryparameter', 'nginx-0.2.0.tgz'),
    'http://localhost:8123/charts/nginx-0.2.0.tgz?with=queryparameter',
  );
  assert.equal(
    resolveReferenceURL('http://localhost:8123', 'https://charts.example.com/nginx-0.2.0.tgz'),
    'https://charts.example.com/nginx-0.2.0.tgz',
  );
  assert.equal(
    resolveReferenceURL('http://localhost:8123/charts/', '../other/x.tgz'),
    'http://localhost:8123/other/x.tgz',
  );
});

test('URLJoin: path.Join on the URL path', () => {
  assert.equal(urlJoin('http://example.com', 'hello', 'world'), 'http://example.com/hello/world');
  assert.equal(urlJoin('http://example.com/', 'hello'), 'http://example.com/hello');
  assert.equal(urlJoin('http://example.com/sub/', 'hello', '..', 'x.tgz'), 'http://example.com/sub/x.tgz');
  assert.equal(urlJoin('', 'sub'), 'sub');
  assert.equal(urlJoin('', ''), '');
});

test('credentials belong to one scheme, host and port', () => {
  assert.equal(sameOrigin('http://127.0.0.1:8080/charts', 'http://127.0.0.1:8080/x.tgz'), true);
  assert.equal(sameOrigin('http://127.0.0.1:8080/charts', 'http://127.0.0.1:8081/x.tgz'), false);
  assert.equal(sameOrigin('http://127.0.0.1:8080/charts', 'https://127.0.0.1:8080/x.tgz'), false);
  assert.equal(sameOrigin('https://a.example.com/', 'https://b.example.com/'), false);
});
