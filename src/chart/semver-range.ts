// Helm's IsCompatibleRange: whether a version satisfies a Masterminds/semver constraint.
import { checkConstraint, newConstraint, newVersion } from '../funcs/semver.js';

export function isCompatibleRange(constraint: string, version: string): boolean {
  let v;
  let c;
  try {
    v = newVersion(version);
    c = newConstraint(constraint);
  } catch {
    return false;
  }
  return checkConstraint(c, v);
}
