// A token bucket per connection: bursts are allowed, a sustained flood is refused message by message.
export class RateLimit {
  private tokens: number;
  private last: number;

  constructor(
    private readonly capacity = 20,
    private readonly perSecond = 10,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = capacity;
    this.last = now();
  }

  /** Takes one token; false when the bucket is empty. */
  take(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) / 1000) * this.perSecond);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
