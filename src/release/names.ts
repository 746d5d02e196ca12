// Helm's release-name rule (chartutil.ValidateReleaseName) for the actions, which must not import the CLI.
const VALID_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const MAX_RELEASE_NAME_LEN = 53;

/** Throws `release name "x": …` as Install.availableName words it. */
export function validateReleaseName(name: string): void {
  let problem: string | undefined;
  if (name === '') problem = 'no name provided';
  else if (name.length > MAX_RELEASE_NAME_LEN || !VALID_NAME.test(name))
    problem = `invalid release name, must match regex ${VALID_NAME.source} and the length must not be longer than 53`;
  if (problem) throw new Error(`release name ${JSON.stringify(name)}: ${problem}`);
}

/** Upgrade's shorter check: `release name is invalid: x`. */
export function isValidReleaseName(name: string): boolean {
  return name !== '' && name.length <= MAX_RELEASE_NAME_LEN && VALID_NAME.test(name);
}
