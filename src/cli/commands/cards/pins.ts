/**
 * PIN digits from node:crypto's CSPRNG without modulo bias: random bytes are drawn in bulk and
 * every byte ≥ 250 is rejected, so each kept byte maps to a digit (byte % 10) with probability
 * exactly 1/10. Digits are kept as ASCII in one buffer and PINs are sliced out of it.
 */
import { randomFillSync } from "node:crypto";

const POOL_BYTES = 1 << 20;
/** 250 = 25 × 10: the largest multiple of 10 that fits a byte. */
const REJECT_FROM = 250;

export class PinSource {
  private readonly raw = Buffer.allocUnsafe(POOL_BYTES);
  private readonly digits = Buffer.allocUnsafe(POOL_BYTES);
  private have = 0;
  private pos = 0;

  /** A fresh PIN of `length` decimal digits (1-18), each uniform and independent. */
  next(length: number): string {
    if (this.have - this.pos < length) this.refill();
    const s = this.digits.toString("latin1", this.pos, this.pos + length);
    this.pos += length;
    return s;
  }

  private refill(): void {
    // Leftover digits are discarded: dropping unused uniform digits does not bias the rest.
    randomFillSync(this.raw);
    let n = 0;
    for (let i = 0; i < POOL_BYTES; i++) {
      const b = this.raw[i];
      if (b < REJECT_FROM) this.digits[n++] = 48 + (b % 10);
    }
    this.have = n;
    this.pos = 0;
  }
}
