// A token bucket, as client-go's flowcontrol.NewTokenBucketRateLimiter: `burst` requests at once,
// then `qps` per second.

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

export class TokenBucket {
  private tokens: number;
  private last: number;
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly qps: number,
    private readonly burst: number,
    private readonly clock: Clock = realClock,
  ) {
    this.tokens = Math.max(1, burst);
    this.last = clock.now();
  }

  /** Resolves when the caller may send one request (callers are served in order). */
  acquire(): Promise<void> {
    const p = this.tail.then(() => this.take());
    this.tail = p;
    return p;
  }

  private async take(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      this.tokens = Math.min(Math.max(1, this.burst), this.tokens + ((now - this.last) / 1000) * this.qps);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.clock.sleep(((1 - this.tokens) / this.qps) * 1000);
    }
  }
}
