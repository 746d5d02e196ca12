// Record texts for codec tests: a full record in Helm's shape and variations on it.
import { gzipSync } from 'node:zlib';

const b64 = (s: string | Uint8Array): string => Buffer.from(s).toString('base64');

/** A record shaped like one helm v4.3.2 writes (chart with templates, values, hooks, config). */
export function fullRecord(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'web',
    info: {
      first_deployed: '2026-12-06T09:07:42.329839343Z',
      last_deployed: '2026-12-06T09:07:43.5Z',
      description: 'Upgrade complete',
      status: 'deployed',
      notes: 'Visit <http://x> && enjoy\n',
    },
    chart: {
      metadata: {
        name: 'web',
        home: 'https://example.com',
        sources: ['https://a', 'https://b'],
        version: '1.2.3',
        description: 'A web chart',
        keywords: ['web', 'http'],
        maintainers: [
          { name: 'Ann', email: 'ann@example.com' },
          { name: 'Bob', url: 'https://bob' },
        ],
        icon: 'https://icon',
        apiVersion: 'v2',
        condition: 'web.enabled',
        tags: 'front',
        appVersion: '2.0',
        deprecated: true,
        annotations: { 'b.io/x': '1', 'a.io/y': '<2>' },
        kubeVersion: '>=1.20',
        dependencies: [
          {
            name: 'db',
            version: '1.x',
            repository: 'file://../db',
            condition: 'db.enabled',
            tags: ['x'],
            enabled: true,
            'import-values': ['a', { child: 'c', parent: 'p' }],
            alias: 'database',
          },
        ],
        type: 'application',
      },
      lock: {
        generated: '2025-01-02T03:04:05.000000006+01:00',
        digest: 'sha256:abc',
        dependencies: [{ name: 'db', version: '1.0.0', repository: 'file://../db' }],
      },
      templates: [
        {
          name: 'templates/cm.yaml',
          data: b64('kind: ConfigMap\n'),
          modtime: '2026-12-06T09:07:42.236333476Z',
        },
        { name: 'templates/empty.yaml', data: '' },
      ],
      values: {
        replicas: 3,
        ratio: 0.25,
        big: 1e21,
        tiny: 1e-7,
        neg: -0,
        name: 'x<y>&z',
        list: [1, 'two', null, true],
        nested: { deep: { deeper: [] } },
      },
      schema: b64('{"type":"object"}'),
      schemamodtime: '2026-12-06T09:07:42Z',
      files: [{ name: 'README.md', data: b64('# hi\n') }],
      modtime: '2026-12-06T09:07:42.227325987Z',
    },
    config: { replicas: 5, 'a\u2028b': 'line\u2029sep', '': 'empty key' },
    manifest: '---\n# Source: web/templates/cm.yaml\nkind: ConfigMap\n',
    hooks: [
      {
        name: 'pre',
        kind: 'Job',
        path: 'web/templates/job.yaml',
        manifest: 'kind: Job\n',
        events: ['pre-install', 'pre-upgrade'],
        last_run: {
          started_at: '2026-12-06T09:07:42.1Z',
          completed_at: '2026-12-06T09:07:44Z',
          phase: 'Succeeded',
        },
        weight: -5,
        delete_policies: ['before-hook-creation', 'hook-succeeded'],
        output_log_policies: ['hook-failed'],
      },
      {
        name: 'test',
        kind: 'Pod',
        path: 'web/templates/test.yaml',
        manifest: 'kind: Pod\n',
        events: ['test'],
        last_run: { phase: '' },
      },
    ],
    version: 7,
    namespace: 'prod',
    apply_method: 'ssa',
    ...over,
  };
}

/** The stored string for a JSON text: gzip (zlib, any level) + base64, or plain base64. */
export const stored = (json: string | Uint8Array, gzip = true): string =>
  b64(gzip ? gzipSync(Buffer.from(json)) : Buffer.from(json));
