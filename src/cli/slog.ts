// Go log/slog TextHandler formatting, for the few records the CLI writes itself.
import { quote as goQuote } from '../go/strconv/format.js';

/** A slog text value: bare when safe, otherwise strconv.Quote'd. */
export function slogValue(s: string): string {
  // slog's needsQuoting: empty, spaces, '"', '=', or unprintable characters
  if (s !== '' && !/[\s"=\p{C}]/u.test(s)) return s;
  return goQuote(s);
}

/** `level=WARN msg="…"` plus key=value attributes, with the time attribute removed. */
export function slogLine(
  level: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR',
  msg: string,
  attrs: Record<string, string> = {},
): string {
  let line = `level=${level} msg=${slogValue(msg)}`;
  for (const [k, v] of Object.entries(attrs)) line += ` ${k}=${slogValue(v)}`;
  return `${line}\n`;
}
