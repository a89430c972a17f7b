import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDebounced } from '../../src/renderer/src/lib/debounce.ts';

describe('createDebounced', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs once with the last value after a pause', () => {
    const call = vi.fn();
    const debounced = createDebounced(call, 300);

    debounced.schedule('g');
    vi.advanceTimersByTime(200);
    debounced.schedule('ge');
    vi.advanceTimersByTime(200);
    debounced.schedule('geo');
    vi.advanceTimersByTime(299);
    expect(call).not.toHaveBeenCalled();

    vi.advanceTimersByTime(1);
    expect(call).toHaveBeenCalledTimes(1);
    expect(call).toHaveBeenCalledWith('geo');
  });

  it('runs again after each pause', () => {
    const call = vi.fn();
    const debounced = createDebounced(call, 300);

    debounced.schedule('a');
    vi.advanceTimersByTime(300);
    debounced.schedule('ab');
    vi.advanceTimersByTime(300);

    expect(call.mock.calls).toEqual([['a'], ['ab']]);
  });

  it('drops the waiting call on cancel', () => {
    const call = vi.fn();
    const debounced = createDebounced(call, 300);

    debounced.schedule('geo');
    debounced.cancel();
    vi.advanceTimersByTime(1000);

    expect(call).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });
});
