/** The latest limits each provider reported in its responses, with the time they arrived. */
import type { ProviderHeadroom, ProviderId } from '../../../shared/types.ts';
import type { Interpretation } from '../providers/types.ts';

const EMPTY: ProviderHeadroom = { observedAt: null, requests: null, tokens: null, allowance: null };

export class HeadroomTracker {
  private readonly latest = new Map<ProviderId, ProviderHeadroom>();

  /** Updates the figures a response carried; the others keep their last value. */
  observe(provider: ProviderId, interpretation: Pick<Interpretation, 'rateLimit' | 'quota'>, time: number): void {
    const { rateLimit, quota } = interpretation;
    if (!rateLimit && !quota) return;

    const next = { ...(this.latest.get(provider) ?? EMPTY), observedAt: time };
    if (rateLimit?.remainingRequests !== undefined) {
      const resetsAt = rateLimit.resetRequestsMs === undefined ? null : time + rateLimit.resetRequestsMs;
      next.requests = { remaining: rateLimit.remainingRequests, limit: rateLimit.limitRequests ?? null, resetsAt };
    }
    if (rateLimit?.remainingTokens !== undefined) {
      const resetsAt = rateLimit.resetTokensMs === undefined ? null : time + rateLimit.resetTokensMs;
      next.tokens = { remaining: rateLimit.remainingTokens, limit: rateLimit.limitTokens ?? null, resetsAt };
    }
    if (quota) {
      next.allowance = { used: quota.used, limit: quota.limit, remaining: Math.max(0, quota.limit - quota.used), unit: quota.unit, resetsAt: quota.resetsAt };
    }
    this.latest.set(provider, next);
  }

  /** Returns the latest figures of `provider`, every field null before its first response with hints. */
  of(provider: ProviderId): ProviderHeadroom {
    return this.latest.get(provider) ?? EMPTY;
  }
}
