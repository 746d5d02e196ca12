// The Go text/template engine: public exports.

export { Template, type TemplateOptions, type TemplateLimits } from './template.js';
export { TemplateError, ParseError, ExecError, LimitError, type ExecLocation } from './errors.js';
export type { MissingKey } from './exec.js';
