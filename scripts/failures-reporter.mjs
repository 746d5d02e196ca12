// A node:test reporter that prints nothing until the end, then one line per failed test with
// its file and first error line, so a long CI log ends with what failed.
export default async function* failuresReporter(source) {
  const failures = [];
  for await (const event of source) {
    if (event.type !== 'test:fail') continue;
    const { name, file, details } = event.data;
    const err = details?.error;
    // Suites fail when a child fails; the child's own line says why.
    if (err?.failureType === 'subtestsFailed') continue;
    const cause = err?.cause ?? err;
    const first = String(cause?.message ?? cause ?? '')
      .split('\n')[0]
      .slice(0, 300);
    failures.push(`  ${file ?? '?'}: ${name}\n      ${first}`);
  }
  if (failures.length) yield `\n# failed tests (${failures.length}):\n${failures.join('\n')}\n`;
}
