// Helm's IsCompatibleRange: whether a version satisfies a Masterminds/semver constraint.
import { checkConstraint, sharedConstraint, sharedVersion } from '../funcs/semver.js';

/** `N.x.x` (x, X or *), the form nearly every chart's dependencies take. */
const MAJOR_WILDCARD = /^(0|[1-9][0-9]{0,14})\.[xX*]\.[xX*]$/;
/** A plain release version: no `v`, prerelease, metadata or leading zeros. */
const PLAIN_VERSION = /^(0|[1-9][0-9]{0,14})\.(0|[1-9][0-9]{0,14})\.(0|[1-9][0-9]{0,14})$/;

/**
 * Masterminds' answer for a `N.x.x` constraint and a plain version, without its grammar: the
 * constraint is `=` N.0.0 with a wildcard minor, which Masterminds checks as a tilde range
 * (at least N.0.0, same major), so the answer is whether the majors are equal. Undefined for
 * any other form. The general path runs Go's regexps on RE2, whose compiling alone costs a
 * cold process milliseconds.
 */
function majorWildcard(constraint: string, version: string): boolean | undefined {
  const c = MAJOR_WILDCARD.exec(constraint);
  if (c === null) return undefined;
  const v = PLAIN_VERSION.exec(version);
  if (v === null) return undefined;
  return c[1] === v[1];
}

export function isCompatibleRange(constraint: string, version: string): boolean {
  return majorWildcard(constraint, version) ?? isCompatibleRangeGeneral(constraint, version);
}

/** The general path alone, for tests that hold the quick answer to it. */
export function isCompatibleRangeGeneral(constraint: string, version: string): boolean {
  let v;
  let c;
  try {
    v = sharedVersion(version);
    c = sharedConstraint(constraint);
  } catch {
    return false;
  }
  return checkConstraint(c, v);
}
