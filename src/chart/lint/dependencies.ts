// Lint rules for dependencies (Helm's rules/dependencies.go): Chart.yaml and charts/ agree,
// and no two dependencies share a name or alias.
import type { Chart } from '../chart.js';
import { loadDir } from '../loader.js';
import { Severity, type Linter } from './support.js';

export function lintDependencies(linter: Linter): void {
  let c: Chart;
  try {
    c = loadDir(linter.chartDir);
  } catch (err) {
    linter.rule(Severity.Error, '', `unable to load chart\n\t${(err as Error).message}`);
    return;
  }
  const declared = c.metadata.dependencies ?? [];
  const present = c.dependencies.map((d) => d.name);

  const notDeclared = present.filter((n) => !declared.some((d) => d.name === n));
  linter.rule(
    Severity.Error,
    linter.chartDir,
    notDeclared.length > 0
      ? `chart metadata is missing these dependencies: ${notDeclared.join(',')}`
      : undefined,
  );

  const seen = new Set<string>();
  const shadowing: string[] = [];
  for (const d of declared) {
    const key = d.alias || d.name;
    if (seen.has(key)) shadowing.push(key);
    seen.add(key);
  }
  linter.rule(
    Severity.Error,
    linter.chartDir,
    shadowing.length > 0 ? `multiple dependencies with name or alias: ${shadowing.join(',')}` : undefined,
  );

  const missing = declared.filter((d) => !present.includes(d.name)).map((d) => d.name);
  linter.rule(
    Severity.Warning,
    linter.chartDir,
    missing.length > 0 ? `chart directory is missing these dependencies: ${missing.join(',')}` : undefined,
  );
}
