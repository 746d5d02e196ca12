// One record of Go's encoding/csv, as pflag's slice and map flags read and write them.

/** encoding/csv Reader.Read of the first record in `s` (Comma ',', no lazy quotes). */
export function readCsvRecord(s: string): string[] {
  const bytes = Buffer.from(s, 'utf8');
  // Only the first line (record) is read; a quoted field may span lines.
  const out: string[] = [];
  let i = 0;
  const n = bytes.length;
  const fail = (col: number, what: string): Error =>
    new Error(`parse error on line 1, column ${col}: ${what}`);
  for (;;) {
    if (i < n && bytes[i] === 0x22) {
      // quoted field
      let field = '';
      let start = ++i;
      for (;;) {
        const q = bytes.indexOf(0x22, i);
        if (q < 0) {
          // unterminated: Go reports the column just past the input's end
          throw fail(n + 1, 'extraneous or missing " in quoted-field');
        }
        field += bytes.subarray(start, q).toString('utf8');
        if (bytes[q + 1] === 0x22) {
          field += '"';
          i = q + 2;
          start = i;
          continue;
        }
        i = q + 1;
        if (i >= n || bytes[i] === 0x0a || (bytes[i] === 0x0d && bytes[i + 1] === 0x0a)) {
          out.push(field);
          return out;
        }
        if (bytes[i] === 0x2c) {
          out.push(field);
          i++;
          break;
        }
        throw fail(q + 1, 'extraneous or missing " in quoted-field');
      }
      continue;
    }
    // unquoted field: up to ',' or end of line
    let j = i;
    while (j < n && bytes[j] !== 0x2c && bytes[j] !== 0x0a) j++;
    let end = j;
    if (j < n && bytes[j] === 0x0a && end > i && bytes[end - 1] === 0x0d) end--;
    const raw = bytes.subarray(i, end);
    const bare = raw.indexOf(0x22);
    if (bare >= 0) throw fail(i + bare + 1, 'bare " in non-quoted-field');
    out.push(raw.toString('utf8'));
    if (j < n && bytes[j] === 0x2c) {
      i = j + 1;
      continue;
    }
    return out;
  }
}

const needsQuotes = (f: string): boolean =>
  f !== '' && (f === '\\.' || /[",\r\n]/.test(f) || f[0] === ' ' || f[0] === '\t');

/** encoding/csv Writer.Write of one record, without the trailing newline. */
export function writeCsvRecord(fields: readonly string[]): string {
  return fields.map((f) => (needsQuotes(f) ? `"${f.replaceAll('"', '""')}"` : f)).join(',');
}
