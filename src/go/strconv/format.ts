// Go's strconv formatting: FormatFloat, FormatInt/FormatUint, Quote and friends. The pieces
// live in their own modules; this is the one import for callers.

export { formatFloat, formatFloatShortestG, type FloatFormat } from './format-float.js';
export {
  quote,
  quoteToASCII,
  quoteToGraphic,
  quoteBytes,
  quoteBytesToASCII,
  quoteRune,
  quoteRuneToASCII,
  quoteRuneToGraphic,
  canBackquote,
  canBackquoteBytes,
  decodeRune,
  stringRuneAt,
} from './format-quote.js';
export { isPrint, isGraphic } from './isprint.js';

/** strconv.FormatInt / FormatUint: lower-case digits, base 2 to 36, a leading '-' when negative. */
export function formatInt(v: bigint, base = 10): string {
  if (base < 2 || base > 36) throw new RangeError(`strconv: illegal AppendInt/FormatInt base ${base}`);
  return v.toString(base);
}
