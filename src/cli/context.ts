// Everything a command constructor gets: the outside world and the global settings.
import type { CliIO } from './io.js';
import type { EnvSettings } from './settings.js';

export interface CliContext {
  io: CliIO;
  settings: EnvSettings;
  /** The root command's name (`rudder`, or whatever the program was invoked as). */
  bin: string;
}
