// `npm run corpus`: renders every corpus chart with helm v4.3.2 and rudder and prints, per
// chart, equal / differs (first differing line) / error, then the totals.
import { compare, corpusCharts, helmOutputs, laterHelmRun, rudderOutput } from '../test/support/corpus.js';

const filter = process.argv.slice(2);
const charts = corpusCharts().filter((c) => filter.length === 0 || filter.some((f) => c.path.includes(f)));
const totals = { equal: 0, differs: 0, error: 0 };
for (const chart of charts) {
  const v = compare(helmOutputs(chart), rudderOutput(chart), () => laterHelmRun(chart));
  totals[v.kind]++;
  if (v.kind === 'equal')
    console.log(`equal    ${chart.path}${v.masked ? ` (${v.masked} nondeterministic lines masked)` : ''}`);
  else if (v.kind === 'differs') {
    console.log(
      `differs  ${chart.path} at line ${v.line}\n    helm:   ${v.helm.slice(0, 200)}\n    rudder: ${v.rudder.slice(0, 200)}`,
    );
  } else console.log(`error    ${chart.path}\n    ${v.message.split('\n').slice(0, 3).join('\n    ')}`);
}
console.log(
  `\n${charts.length} charts: ${totals.equal} equal, ${totals.differs} differ, ${totals.error} errors`,
);
