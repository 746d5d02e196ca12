// Release naming for install/template: NAME and CHART arguments, --generate-name,
// --name-template, and Helm's release-name rule.
import { basename } from 'node:path';
import { sprigFuncMap } from '../funcs/sprig.js';
import { defaultFuncEnv } from '../funcs/env.js';
import { Template } from '../template/index.js';

const VALID_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const MAX_RELEASE_NAME_LEN = 53;

export function validateReleaseName(name: string): void {
  let problem: string | undefined;
  if (name === '') problem = 'no name provided';
  else if (name.length > MAX_RELEASE_NAME_LEN || !VALID_NAME.test(name)) {
    problem = `invalid release name, must match regex ${VALID_NAME.source} and the length must not be longer than 53`;
  }
  if (problem) throw new Error(`release name ${JSON.stringify(name)}: ${problem}`);
}

/** TemplateName: renders --name-template with Sprig's functions. */
export function templateName(nameTemplate: string): string {
  if (nameTemplate === '') return '';
  const t = new Template('name-template', { funcs: sprigFuncMap(defaultFuncEnv) }).parse(nameTemplate);
  return t.execute(null);
}

export interface NameOptions {
  releaseName?: string;
  generateName?: boolean;
  nameTemplate?: string;
  now?: () => number;
}

/** Install.NameAndChart: [release name, chart reference]. */
export function nameAndChart(args: string[], o: NameOptions): [string, string] {
  if (args.length > 2) {
    throw new Error(`expected at most two arguments, unexpected arguments: ${args.slice(2).join(', ')}`);
  }
  if (args.length === 2) {
    if (o.generateName) throw new Error('cannot set --generate-name and also specify a name');
    if (o.nameTemplate) throw new Error('cannot set --name-template and also specify a name');
    return [args[0]!, args[1]!];
  }
  if (o.nameTemplate) return [templateName(o.nameTemplate), args[0]!];
  if (o.releaseName) return [o.releaseName, args[0]!];
  if (!o.generateName) throw new Error('must either provide a name or specify --generate-name');
  let base = basename(args[0]!);
  if (base === '.' || base === '') base = 'chart';
  const dot = base.indexOf('.');
  if (dot !== -1) base = base.slice(0, dot);
  return [`${base}-${Math.floor((o.now ?? Date.now)() / 1000)}`, args[0]!];
}
