// Format checks of jsonschema.ts (drafts 4, 6, 7 assert them).
import { quote as goQuote, quoteRune } from '../go/strconv/format-quote.js';
import { type IVal } from './jsonschema-common.js';

// ---------------------------------------------------------------- formats (drafts 4, 6, 7)

const hexGroups = [8, 4, 4, 4, 12];
function validateIPV4(s: string): string | undefined {
  const groups = s.split('.');
  if (groups.length !== 4) return 'expected four decimals';
  for (const g of groups) {
    if (g.length > 1 && g[0] === '0') return 'leading zeros';
    if (!/^[+-]?[0-9]+$/.test(g)) return `strconv.Atoi: parsing ${goQuote(g)}: invalid syntax`;
    const n = Number(g);
    if (n < 0 || n > 255) return 'decimal must be between 0 and 255';
  }
  return undefined;
}
function validateHostname(s: string): string | undefined {
  s = s.endsWith('.') ? s.slice(0, -1) : s;
  if (Buffer.byteLength(s) > 253) return 'more than 253 characters long';
  for (const label of s.split('.')) {
    const n = Buffer.byteLength(label);
    if (n < 1 || n > 63) return 'label must be 1 to 63 characters long';
    if (label.startsWith('-')) return 'label starts with hyphen';
    if (label.endsWith('-')) return 'label ends with hyphen';
    for (const ch of label)
      if (!/[a-zA-Z0-9-]/.test(ch)) return `invalid character ${quoteRune(ch.codePointAt(0)!)}`;
  }
  return undefined;
}
export const FORMATS: Record<string, (v: IVal) => string | undefined> = {
  uuid: (v) => {
    if (typeof v !== 'string') return undefined;
    const groups = v.split('-');
    if (groups.length !== 5) return 'must have 5 elements';
    for (let i = 0; i < 5; i++) {
      const g = groups[i]!;
      if (Buffer.byteLength(g) !== hexGroups[i])
        return `element ${i + 1} must be ${hexGroups[i]} characters long`;
      for (const ch of g)
        if (!/[0-9a-fA-F]/.test(ch)) return `non-hex character ${quoteRune(ch.codePointAt(0)!)}`;
    }
    return undefined;
  },
  ipv4: (v) => (typeof v === 'string' ? validateIPV4(v) : undefined),
  hostname: (v) => (typeof v === 'string' ? validateHostname(v) : undefined),
  email: (v) => {
    if (typeof v !== 'string') return undefined;
    if (Buffer.byteLength(v) > 254) return 'more than 255 characters long';
    const at = v.lastIndexOf('@');
    if (at === -1) return 'missing @';
    const local = v.slice(0, at);
    let domain = v.slice(at + 1);
    if (Buffer.byteLength(local) > 64) return 'local part more than 64 characters long';
    if (local.length > 1 && local.startsWith('"') && local.endsWith('"')) {
      const inner = local.slice(1, -1);
      if (inner.includes('\\') || inner.includes('"'))
        return 'backslash and quote are not allowed within quoted local part';
    } else {
      if (local.startsWith('.')) return 'starts with dot';
      if (local.endsWith('.')) return 'ends with dot';
      if (local.includes('..')) return 'consecutive dots';
      for (const ch of local)
        if (!/[a-zA-Z0-9]/.test(ch) && !".!#$%&'*+-/=?^_`{|}~".includes(ch))
          return `invalid character ${quoteRune(ch.codePointAt(0)!)}`;
    }
    if (domain.startsWith('[') && domain.endsWith(']')) {
      domain = domain.slice(1, -1);
      if (domain.startsWith('IPv6:')) return undefined;
      const e = validateIPV4(domain);
      return e ? `invalid ipv4 address: ${e}` : undefined;
    }
    const e = validateHostname(domain);
    return e ? `invalid domain: ${e}` : undefined;
  },
  date: (v) => {
    if (typeof v !== 'string') return undefined;
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
    if (!m) return `parsing time ${goQuote(v)} as "2006-01-02": cannot parse ${goQuote(v)} as "2006"`;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (mo < 1 || mo > 12) return `parsing time ${goQuote(v)}: month out of range`;
    const dim = new Date(Date.UTC(y, mo, 0)).getUTCDate();
    if (d < 1 || d > dim) return `parsing time ${goQuote(v)}: day out of range`;
    return undefined;
  },
};
