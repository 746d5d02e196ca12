// time.Now() as Go's JSON encoding writes it (RFC3339Nano in the local zone).
import { goTimeNow } from '../storage/gotime.js';

export const goNow = (): string => goTimeNow();
