// Storage errors with Helm's texts (pkg/storage/driver/driver.go). Callers test them with instanceof,
// as Helm does with errors.Is.

/** Base class of every error the storage layer raises itself. */
export class StorageError extends Error {
  override name = 'StorageError';
}

/** driver.ErrReleaseNotFound */
export class ReleaseNotFoundError extends StorageError {
  override name = 'ReleaseNotFoundError';
  constructor() {
    super('release: not found');
  }
}

/** driver.ErrReleaseExists */
export class ReleaseExistsError extends StorageError {
  override name = 'ReleaseExistsError';
  constructor() {
    super('release: already exists');
  }
}

/** driver.ErrInvalidKey */
export class InvalidKeyError extends StorageError {
  override name = 'InvalidKeyError';
  constructor() {
    super('release: invalid key');
  }
}

/** driver.NewErrNoDeployedReleases: `"NAME" has no deployed releases`. */
export class NoDeployedReleasesError extends StorageError {
  override name = 'NoDeployedReleasesError';
  constructor(readonly releaseName: string) {
    super(`${JSON.stringify(releaseName)} has no deployed releases`);
  }
}

/** A stored record that cannot be read back (bad base64, gzip, JSON or shape). */
export class RecordDecodeError extends StorageError {
  override name = 'RecordDecodeError';
}

/** A driver failure wrapped with Helm's context (`get: failed to get "KEY": …`). */
export class DriverError extends StorageError {
  override name = 'DriverError';
  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
  }
}

/** `unknown driver "x"` and `unable to instantiate SQL driver: …`. */
export class DriverConfigError extends StorageError {
  override name = 'DriverConfigError';
}
