// pkg/cli/output's Format and Helm's `-o/--output` flag (pkg/cmd/flags.go bindOutputFlag).
import type { FlagSet } from '../command/flagset.js';
import { CustomValue } from '../command/values.js';
import { encodeJson, encodeYaml, type JsonNode } from './encode.js';

export type Format = 'table' | 'json' | 'yaml';
export const FORMATS: readonly Format[] = ['table', 'json', 'yaml'];

/** output.ErrInvalidFormatType. */
export class InvalidFormatError extends Error {
  constructor() {
    super('invalid format type');
  }
}

export function parseFormat(s: string): Format {
  if ((FORMATS as readonly string[]).includes(s)) return s as Format;
  throw new InvalidFormatError();
}

/** bindOutputFlag: `-o, --output format` with the table default. */
export function bindOutputFlag(f: FlagSet): { readonly value: Format } {
  const v = new CustomValue<Format>('format', 'table', parseFormat);
  f.add({
    name: 'output',
    shorthand: 'o',
    usage: `prints the output in the specified format. Allowed values: ${FORMATS.join(', ')}`,
    value: v,
    noOptDefVal: '',
  });
  return v;
}

/** output.Writer: what a printable result offers. */
export interface OutputWriter {
  table(): string;
  json(): JsonNode;
  /** Defaults to the JSON tree. */
  yaml?(): JsonNode;
}

/** Format.Write: the text to print. */
export function writeOutput(format: Format, w: OutputWriter): string {
  switch (format) {
    case 'table':
      return w.table();
    case 'json':
      return encodeJson(w.json());
    case 'yaml':
      return encodeYaml(w.yaml ? w.yaml() : w.json());
  }
}
