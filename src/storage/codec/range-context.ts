// Where an out-of-range number sits in a record, so its error names the field as Go's does
// (`… into Go struct field Release.config of type float64`). Only `any`-typed fields decode numbers
// as float64: config, chart values and a dependency's import-values.

/** The key path (object keys; `[]` for array items) of the first number token equal to `literal`. */
function pathOfNumber(text: string, literal: string): string[] | undefined {
  // Each open container: the key it sits under (null for the root and array items) and its kind.
  const stack: { key: string | null; array: boolean }[] = [];
  let key: string | null = null;
  const path = (last: string | null): string[] =>
    [...stack.flatMap((e) => (e.array ? [e.key, '[]'] : [e.key])), stack.at(-1)?.array ? null : last].filter(
      (x): x is string => x !== null,
    );
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const s = text.slice(i + 1, j);
      i = j;
      let k = j + 1;
      while (/\s/.test(text[k] ?? '')) k++;
      if (text[k] === ':') key = JSON.parse(`"${s}"`) as string;
    } else if (c === '{' || c === '[') {
      stack.push({ key: stack.at(-1)?.array ? null : key, array: c === '[' });
      key = null;
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      let j = i;
      while (j < text.length && /[-+.eE0-9]/.test(text[j]!)) j++;
      if (text.slice(i, j) === literal) return path(key);
      i = j - 1;
    }
  }
  return undefined;
}

/** Go's text for `number LIT` out of float64 range, with the struct field it was decoded for. */
export function rangeErrorInContext(text: string, message: string): string {
  const m = /^json: cannot unmarshal number (\S+) into Go value of type float64$/.exec(message);
  const path = m ? pathOfNumber(text, m[1]!)?.map((k) => k.toLowerCase()) : undefined;
  if (!m || !path) return message;
  let field: string | undefined;
  if (path[0] === 'config') field = 'Release.config';
  else if (path[0] === 'chart' && path[1] === 'values') field = 'Chart.chart.values';
  else if (
    path[0] === 'chart' &&
    (path[1] === 'metadata' || path[1] === 'lock') &&
    path[2] === 'dependencies' &&
    path[4] === 'import-values'
  ) {
    field = `Dependency.chart.${path[1]}.dependencies.import-values`;
  }
  return field
    ? `json: cannot unmarshal number ${m[1]} into Go struct field ${field} of type float64`
    : message;
}
