// Recursion turned into steps on an array: documents nest 10000 levels deep, past what the JS
// stack holds on every Node setting.

/**
 * A step of the decoder: it yields the steps it needs (a child's value, a key, a merge) and is
 * resumed with their results. run() keeps the steps on an array, not on the JS stack: documents
 * nest 10000 levels deep (and aliases deeper).
 */
export type Step<T> = Generator<Step<unknown>, T, unknown>;

/** Runs a step and every step it asks for; its result, or the first error none of them caught. */
export function run<T>(root: Step<T>): T {
  const stack: Step<unknown>[] = [root];
  let input: unknown;
  let failed = false;
  let error: unknown;
  for (;;) {
    const top = stack[stack.length - 1] as Step<unknown>;
    let r: IteratorResult<Step<unknown>, unknown>;
    try {
      if (failed) {
        failed = false;
        r = top.throw(error);
      } else r = top.next(input);
    } catch (e) {
      // The step failed: its caller sees the error where it asked for the step.
      stack.pop();
      if (stack.length === 0) throw e;
      failed = true;
      error = e;
      continue;
    }
    if (r.done === true) {
      stack.pop();
      if (stack.length === 0) return r.value as T;
      input = r.value;
    } else {
      stack.push(r.value);
      input = undefined;
    }
  }
}
