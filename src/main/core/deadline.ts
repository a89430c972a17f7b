/**
 * A deadline joined with the signals of the callers, as one AbortSignal. It
 * does the work of `AbortSignal.any([AbortSignal.timeout(ms), ...signals])`
 * with one controller and one timer, which costs far less on the call path
 * than the composite signals Node builds for `any`.
 */

/** A signal that aborts at the deadline or with any parent signal. Dispose it when the work ends. */
export interface DeadlineScope {
  /** Aborts with a `TimeoutError` DOMException at the deadline, or with the reason of the first parent that aborts. */
  readonly signal: AbortSignal;
  /** True once the deadline has passed, whether or not a parent aborted first. */
  timedOut(): boolean;
  /** Clears the timer and the listeners on the parents. Calling it again does nothing. */
  dispose(): void;
}

/**
 * Starts a deadline of `ms` milliseconds on the system timers, joined with
 * `parents` (undefined entries are skipped). The timer is unref'd, so an
 * open scope never keeps the process alive, and the scope holds no
 * reference on a parent after `dispose`.
 */
export function startDeadline(ms: number, parents: readonly (AbortSignal | undefined)[] = []): DeadlineScope {
  const controller = new AbortController();
  const joined: AbortSignal[] = [];
  let expired = false;
  const onParentAbort = function (this: AbortSignal): void {
    controller.abort(this.reason);
  };
  for (const parent of parents) {
    if (!parent) continue;
    if (parent.aborted) {
      controller.abort(parent.reason);
      break;
    }

    parent.addEventListener('abort', onParentAbort, { once: true });
    joined.push(parent);
  }
  const timer = setTimeout(() => {
    expired = true;
    controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
  }, ms);
  timer.unref();

  return {
    signal: controller.signal,
    timedOut: () => expired,
    dispose() {
      clearTimeout(timer);
      for (const parent of joined) parent.removeEventListener('abort', onParentAbort);
      joined.length = 0;
    },
  };
}
