import { describe, expect, it } from 'vitest';
import { AbortFanout, startDeadline } from '../../src/main/core/deadline.ts';

function aborted(signal: AbortSignal): Promise<unknown> {
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(signal.reason), { once: true }));
}

describe('startDeadline', () => {
  it('aborts with a TimeoutError when the deadline passes', async () => {
    const deadline = startDeadline(5);

    const reason = await aborted(deadline.signal);

    expect(reason).toMatchObject({ name: 'TimeoutError' });
    expect(deadline.timedOut()).toBe(true);
    deadline.dispose();
  });

  it('aborts with the reason of the parent that aborts first', () => {
    const user = new AbortController();
    const hub = new AbortController();
    const deadline = startDeadline(60_000, [user.signal, undefined, hub.signal]);
    const reason = new Error('hub stopped');

    hub.abort(reason);
    user.abort(new Error('later'));

    expect(deadline.signal.reason).toBe(reason);
    expect(deadline.timedOut()).toBe(false);
    deadline.dispose();
  });

  it('starts aborted when a parent is already aborted', () => {
    const reason = new Error('cancelled');

    const deadline = startDeadline(60_000, [AbortSignal.abort(reason)]);

    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.signal.reason).toBe(reason);
    deadline.dispose();
  });

  it('neither times out nor follows its parents once disposed', async () => {
    const parent = new AbortController();
    const deadline = startDeadline(5, [parent.signal]);

    deadline.dispose();
    parent.abort();
    await new Promise((resolve) => setTimeout(resolve, 20));

    expect(deadline.signal.aborted).toBe(false);
    expect(deadline.timedOut()).toBe(false);
  });

  it('aborts every open deadline when a fanned-out signal aborts', () => {
    const hub = new AbortController();
    const fanout = new AbortFanout(hub.signal);
    const open = [startDeadline(60_000, [fanout]), startDeadline(60_000, [undefined, fanout])];
    const closed = startDeadline(60_000, [fanout]);
    const reason = new Error('hub stopped');

    closed.dispose();
    hub.abort(reason);

    expect(open.map((scope) => scope.signal.reason)).toEqual([reason, reason]);
    expect(closed.signal.aborted).toBe(false);
    for (const scope of open) scope.dispose();
  });

  it('starts aborted when a fanned-out signal has already aborted', () => {
    const fanout = new AbortFanout(AbortSignal.abort(new Error('hub stopped')));

    const deadline = startDeadline(60_000, [fanout]);

    expect(deadline.signal.aborted).toBe(true);
    deadline.dispose();
  });
});
