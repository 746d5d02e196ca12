// The release-changing commands on the SQL storage driver (HELM_DRIVER=sql): install, upgrade and
// rollback by one tool (namespaces never spell a tool's name: runRudder renames rudder → helm), history, list and get read by the other on the same PostgreSQL database,
// then the other tool carries the release on — both directions.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { useCluster } from '../support/cluster.js';
import { usePostgres } from '../support/postgres.js';
import { runTool, writeChart, type Tool } from './actions-support.js';

const cluster = useCluster('api');
const postgres = usePostgres();

const chart = (): string =>
  writeChart({
    'sqlchart/Chart.yaml': 'apiVersion: v2\nname: sqlchart\nversion: 0.1.0\nappVersion: "1.0"\n',
    'sqlchart/values.yaml': 'greeting: hello\n',
    'sqlchart/templates/cm.yaml':
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\ndata:\n  greeting: {{ .Values.greeting | quote }}\n',
    'sqlchart/templates/NOTES.txt': 'Revision {{ .Release.Revision }} of {{ .Release.Name }}.\n',
  });

const other = (t: Tool): Tool => (t === 'helm' ? 'rudder' : 'helm');

for (const writer of ['rudder', 'helm'] as const) {
  describe(`SQL driver: ${writer} writes, ${other(writer)} reads`, () => {
    test(`install, upgrade, rollback by ${writer}; history, list and get by both agree`, async () => {
      const url = await postgres.database(`act_${writer}`);
      const ns = await cluster.namespace(`sqlact-${writer === 'rudder' ? 'r' : 'h'}`);
      const env = { HELM_DRIVER: 'sql', HELM_DRIVER_SQL_CONNECTION_STRING: url };
      const dir = chart();
      const run = (tool: Tool, args: string[]) => {
        const r = runTool(tool, [...args, '-n', ns], cluster.kubeconfig, env);
        assert.equal(r.code, 0, `${tool} ${args.join(' ')}:\n${r.stderr}`);
        return r;
      };

      const install = run(writer, ['install', 'web', dir]);
      assert.match(install.stdout, /STATUS: deployed\nREVISION: 1\n/);
      run(writer, ['upgrade', 'web', dir, '--set', 'greeting=bonjour']);
      const rb = run(writer, ['rollback', 'web', '1']);
      assert.equal(rb.stdout, 'Rollback was a success! Happy Helming!\n');

      const reads = [
        ['history', 'web'],
        ['history', 'web', '-o', 'json'],
        ['list'],
        ['list', '-o', 'yaml'],
        ['list', '-A'],
        ['status', 'web'],
        ['get', 'manifest', 'web', '--revision', '2'],
        ['get', 'values', 'web', '--revision', '2'],
        ['get', 'all', 'web'],
      ];
      for (const args of reads) {
        const h = run('helm', args);
        const r = run('rudder', args);
        // status: the AGE column of live objects moves on between the two runs.
        const age = (t: string): string => t.replace(/ {2,}\d+[smhd](\d+[smh])?$/gm, '  <age>');
        assert.equal(age(r.stdout), age(h.stdout), `${args.join(' ')}`);
      }
      const history = run('helm', ['history', 'web', '-o', 'json']);
      const revs = (JSON.parse(history.stdout) as { revision: number; status: string }[]).map(
        (x) => `${x.revision}:${x.status}`,
      );
      assert.deepEqual(revs, ['1:superseded', '2:superseded', '3:deployed']);

      // The reader carries the release on from the writer's records.
      const reader = other(writer);
      const up = run(reader, ['upgrade', 'web', dir, '--set', 'greeting=hola']);
      assert.match(up.stdout, /STATUS: deployed\nREVISION: 4\n/);
      const live = await cluster
        .client()
        .get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'web-cm', namespace: ns });
      assert.equal((live['data'] as Record<string, string>)['greeting'], 'hola');
      const after = [
        ['history', 'web'],
        ['get', 'values', 'web', '--all'],
      ];
      for (const args of after) assert.equal(run(writer, args).stdout, run(reader, args).stdout);

      run(writer, ['uninstall', 'web']);
      for (const tool of ['helm', 'rudder'] as const) assert.equal(run(tool, ['list', '-q']).stdout, '');
    });
  });
}
