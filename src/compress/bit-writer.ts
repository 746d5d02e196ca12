// An LSB-first bit sink into a growing byte buffer (deflate's bit order). Go buffers 48 bits at a
// time, but the bytes produced are the same as writing bit by bit, so the simpler form suffices.

export class BitWriter {
  private buf = new Uint8Array(1 << 16);
  private size = 0;
  private acc = 0;
  private nacc = 0;

  private ensure(extra: number): void {
    if (this.size + extra <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.size + extra) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.size));
    this.buf = next;
  }

  /** Appends the low `n` bits (n ≤ 24) of `value`. */
  writeBits(value: number, n: number): void {
    this.acc |= (value & ((1 << n) - 1)) << this.nacc;
    this.nacc += n;
    if (this.nacc >= 8) {
      this.ensure(4);
      while (this.nacc >= 8) {
        this.buf[this.size++] = this.acc & 0xff;
        this.acc >>>= 8;
        this.nacc -= 8;
      }
    }
  }

  /** Pads to a byte boundary with zero bits. */
  alignToByte(): void {
    if (this.nacc > 0) {
      this.ensure(1);
      this.buf[this.size++] = this.acc & 0xff;
      this.acc = 0;
      this.nacc = 0;
    }
  }

  /** Appends whole bytes; the writer must be byte-aligned. */
  writeBytes(bytes: Uint8Array): void {
    if (this.nacc !== 0) throw new Error('flate: writeBytes with unfinished bits');
    this.ensure(bytes.length);
    this.buf.set(bytes, this.size);
    this.size += bytes.length;
  }

  /** Takes the complete bytes written so far (pending bits stay). */
  take(): Uint8Array {
    const out = this.buf.slice(0, this.size);
    this.size = 0;
    return out;
  }
}
