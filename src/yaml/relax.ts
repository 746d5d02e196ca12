// libyaml ignores indentation inside quoted scalars and flow collections; the `yaml` package
// (YAML 1.2's rules) requires their continuation lines to be indented past the enclosing block.
// Leading white space of such continuation lines never reaches a value (it is folded away or
// insignificant), so indenting them changes nothing but lets the stricter parser accept what
// go-yaml accepts:
//
//   args: [            →   args: [
//   "--flag",                "--flag",
//   ]                        ]
//
// Line numbers are kept, so error positions stay right.

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t';

/** Characters after which a quote or bracket starts a new token. */
const TOKEN_LEAD = new Set([':', '-', '[', '{', ',', '?']);

export function relaxIndentation(text: string): string {
  if (!/["'[{]/.test(text)) return text;
  const lines = text.split('\n');
  let quote = ''; // inside a quoted scalar: its quote character
  let flow = 0; // flow collection depth
  let startIndent = 0; // column where the open quote or bracket began
  let blockIndent = -1; // inside a block scalar: lines indented past this belong to it
  let changed = false;
  for (let li = 0; li < lines.length; li++) {
    let line = lines[li] as string;
    const indent = line.length - line.trimStart().length;
    if (quote !== '' || flow > 0) {
      // A continuation line: make it deeper than where the construct started.
      const want = startIndent + 1;
      const lead = line.length - line.replace(/^[ \t]*/, '').length;
      if (line.trim() !== '' && (indent < want || line.slice(0, lead).includes('\t'))) {
        line = ' '.repeat(Math.max(want, lead)) + line.slice(lead);
        lines[li] = line;
        changed = true;
      }
    } else if (blockIndent >= 0) {
      if (line.trim() === '' || indent > blockIndent) continue;
      blockIndent = -1;
    }
    const lineIndent = line.length - line.trimStart().length;
    if (quote === '' && flow === 0) startIndent = lineIndent;
    let prev = ''; // previous non-space character on this line ('' at the start)
    for (let i = lineIndent; i < line.length; i++) {
      const c = line[i] as string;
      if (quote !== '') {
        if (quote === '"' && c === '\\') i++;
        else if (c === quote) {
          if (quote === "'" && line[i + 1] === "'") i++;
          else quote = '';
        }
        prev = c;
        continue;
      }
      if (c === '#' && (i === 0 || isSpace(line[i - 1]))) break;
      if (isSpace(c)) continue;
      const atTokenStart =
        prev === '' ||
        (TOKEN_LEAD.has(prev) && (isSpace(line[i - 1]) || prev === '[' || prev === '{' || prev === ','));
      if (
        (c === '-' || c === '?' || c === ':') &&
        atTokenStart &&
        (i + 1 === line.length || isSpace(line[i + 1]))
      ) {
        // A block indicator: the token after it starts fresh.
        prev = c;
        continue;
      }
      if ((c === '"' || c === "'") && atTokenStart) {
        if (flow === 0 && quote === '') startIndent = i;
        quote = c;
      } else if ((c === '[' || c === '{') && (atTokenStart || flow > 0)) {
        if (flow === 0) startIndent = i;
        flow++;
      } else if ((c === ']' || c === '}') && flow > 0) {
        flow--;
      } else if (
        (c === '|' || c === '>') &&
        flow === 0 &&
        atTokenStart &&
        /^[|>][-+0-9]*\s*(#.*)?$/.test(line.slice(i))
      ) {
        blockIndent = lineIndent;
        break;
      } else if (flow === 0 && atTokenStart) {
        // A plain scalar or key: skip to the next `: ` so quotes inside it stay literal.
        const rest = line.slice(i);
        const m = /:(\s|$)| #/.exec(rest);
        if (m === null) break;
        if (m[0] === ' #') break;
        i += m.index;
        prev = ':';
        continue;
      }
      prev = c;
    }
  }
  return changed ? lines.join('\n') : text;
}
