// Parsing record keys as the memory driver does (strings.Split on ".v", strconv.Atoi on the rest).
import { InvalidKeyError } from '../errors.js';

const PREFIX = 'sh.helm.release.v1.';
const ATOI = /^[+-]?\d+$/;

/** The release name and version of a key; InvalidKeyError as Helm's memory driver raises it. */
export function parseKey(key: string): { name: string; version: number } {
  const rest = key.startsWith(PREFIX) ? key.slice(PREFIX.length) : key;
  const elems = rest.split('.v');
  if (elems.length !== 2) throw new InvalidKeyError();
  const [name, ver] = elems as [string, string];
  if (!ATOI.test(ver) || !Number.isSafeInteger(Number(ver))) throw new InvalidKeyError();
  return { name, version: Number(ver) };
}
