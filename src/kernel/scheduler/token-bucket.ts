/**
 * A token bucket refilled continuously at `perMinute / 60 000` per millisecond up to `capacity`. Corrections
 * after the fact may drive it below zero: the debt is paid back by refill before the next take.
 */
export class TokenBucket {
  private level: number;
  private updatedAt: number;
  private readonly perMs: number;

  constructor(
    perMinute: number,
    /** The most it holds, i.e. the largest burst. */
    readonly capacity: number,
    now: number,
  ) {
    this.perMs = perMinute / 60_000;
    this.level = capacity;
    this.updatedAt = now;
  }

  /** The tokens available at `now` (may be negative after a correction). */
  available(now: number): number {
    if (now > this.updatedAt) {
      this.level = Math.min(this.capacity, this.level + (now - this.updatedAt) * this.perMs);
      this.updatedAt = now;
    }
    return this.level;
  }

  /** Whether `amount` can be taken at `now`. */
  has(amount: number, now: number): boolean {
    return this.available(now) >= amount;
  }

  /** Takes `amount` (negative gives back), never above capacity. */
  take(amount: number, now: number): void {
    this.level = Math.min(this.capacity, this.available(now) - amount);
  }

  /** Whole milliseconds from `now` until `amount` is available; at least 1 when it is not available now. */
  msUntil(amount: number, now: number): number {
    const missing = amount - this.available(now);
    return missing <= 0 ? 0 : Math.max(1, Math.ceil(missing / this.perMs));
  }
}
