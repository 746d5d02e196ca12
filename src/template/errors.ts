// The errors a template set raises. `message` is always exactly Go's err.Error(), so callers
// (and Helm's error reformatting) can compare and parse it as they would Go's text.

/** Any error from parsing or executing a template; `message` is Go's err.Error(). */
export class TemplateError extends Error {
  override name = 'TemplateError';
}

/** A parse failure: `template: NAME:LINE: MESSAGE`. */
export class ParseError extends TemplateError {
  override name = 'ParseError';
}

/** Where an execution error happened, as Go's ErrorContext reports it. */
export interface ExecLocation {
  /** The parse name (the file holding the define). */
  parseName: string;
  line: number;
  /** 0-based byte column within the line (Go's quirk: the byte offset itself on line 1). */
  col: number;
  /** The failing node re-printed from the tree. */
  context: string;
}

/**
 * Go's ExecError: `template: FILE:LINE:COL: executing "NAME" at <CONTEXT>: MESSAGE`, or
 * `template: NAME: MESSAGE` when no node is current. `detail` is MESSAGE alone; `cause` is
 * the error a called function raised (for `error calling include: …` nesting), if any.
 */
export class ExecError extends TemplateError {
  override name = 'ExecError';
  constructor(
    message: string,
    /** The name of the template being executed (Go's ExecError.Name). */
    readonly templateName: string,
    readonly location: ExecLocation | undefined,
    readonly detail: string,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
  }
}

/** Our own limits for untrusted templates (output size, time); not a Go error. */
export class LimitError extends TemplateError {
  override name = 'LimitError';
}
