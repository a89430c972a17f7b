import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { useLogsStore } from '../../src/renderer/src/stores/logs.ts';
import type { LogPage, LogQuery } from '../../src/shared/types.ts';

const request = vi.fn(async (_name: string, _query: LogQuery): Promise<LogPage> => ({ rows: [], nextCursor: null }));
const globals = globalThis as { window?: unknown };
globals.window = { hub: { request } };

afterAll(() => {
  delete globals.window;
});

describe('logs store setFilter', () => {
  beforeEach(async () => {
    useLogsStore.setState({
      filter: { provider: null, outcome: null, range: 'all', httpStatus: null, operation: '', text: '' },
      loaded: false,
      error: null,
    });
    await useLogsStore.getState().load();
    request.mockClear();
  });

  it('reloads when the query changes', async () => {
    await useLogsStore.getState().setFilter({ operation: 'geocode' });

    expect(request).toHaveBeenCalledTimes(1);
    expect(request.mock.calls[0]?.[1]).toMatchObject({ operation: 'geocode' });
  });

  it('keeps the rows when the query stays the same', async () => {
    await useLogsStore.getState().setFilter({ operation: '  ' });
    await useLogsStore.getState().setFilter({ httpStatus: null });

    expect(request).not.toHaveBeenCalled();
    expect(useLogsStore.getState().filter.operation).toBe('  ');
  });

  it('reloads the same query after a failed load', async () => {
    useLogsStore.setState({ error: 'The hub is not responding.' });
    await useLogsStore.getState().setFilter({ text: '' });

    expect(request).toHaveBeenCalledTimes(1);
    expect(useLogsStore.getState().error).toBeNull();
  });
});
