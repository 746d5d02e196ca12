// Go's log.Fatal as Helm's commands reach it (a storage driver that cannot be set up): the message
// goes out as a slog INFO record, not as `Error: …`, and the program exits with 1.
export class LogFatal extends Error {
  override name = 'LogFatal';
}
