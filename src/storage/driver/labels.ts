// Label values and selectors as Helm's Kubernetes drivers build them (apimachinery v0.37.2 texts).
import { quote } from '../../go/strconv/format-quote.js';
import { DriverError } from '../errors.js';

const LABEL_VALUE_FMT = '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?';
const LABEL_VALUE = new RegExp(`^${LABEL_VALUE_FMT}$`);
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/** validation.IsValidLabelValue: the reasons a value is not a label value (empty when it is). */
export function labelValueErrors(value: string): string[] {
  const errs: string[] = [];
  if (Buffer.byteLength(value, 'utf8') > 63) errs.push('must be no more than 63 bytes');
  if (!LABEL_VALUE.test(value)) {
    errs.push(
      `${LABEL_VALUE_MSG} (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '${LABEL_VALUE_FMT}')`,
    );
  }
  return errs;
}

/** Checks every value (Query does this before asking the server). */
export function checkLabelValues(labels: Readonly<Record<string, string>>): void {
  for (const v of Object.values(labels)) {
    const errs = labelValueErrors(v);
    if (errs.length > 0) throw new DriverError(`invalid label value: ${quote(v)}: ${errs.join('; ')}`);
  }
}

/** labels.Set.AsSelector().String(): `k=v` pairs sorted by key. */
export function selectorOf(labels: Readonly<Record<string, string>>): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',');
}
