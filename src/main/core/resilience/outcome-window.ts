/**
 * The outcomes of a provider's most recent calls, counted for the breaker's
 * failure rate.
 */
export class OutcomeWindow {
  readonly #size: number;
  #outcomes: boolean[] = [];
  #failures = 0;

  /** Keeps the last `size` outcomes. */
  constructor(size: number) {
    this.#size = size;
  }

  record(failed: boolean): void {
    this.#outcomes.push(failed);
    if (failed) this.#failures++;
    if (this.#outcomes.length <= this.#size) return;

    if (this.#outcomes.shift()) this.#failures--;
  }

  get calls(): number {
    return this.#outcomes.length;
  }

  /** Share of failures in 0..1, or 0 with no calls. */
  get failureRate(): number {
    return this.calls === 0 ? 0 : this.#failures / this.calls;
  }

  clear(): void {
    this.#outcomes = [];
    this.#failures = 0;
  }
}
