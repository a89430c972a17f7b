import { describe, expect, it } from 'vitest';
import { useProvidersStore } from '../../src/renderer/src/stores/providers.ts';
import type { ProbeResult, ProviderView } from '../../src/shared/types.ts';

const RESULT: ProbeResult = { time: 1_000, provider: 'openai', status: 'down', httpStatus: 500, latencyMs: 12, error: 'HTTP 500', errorClass: 'server' };

function view(lastProbeAt: number): ProviderView {
  return { provider: 'openai', lastProbeAt } as ProviderView;
}

describe('providers store test results', () => {
  it('keeps a result until a newer probe has run', () => {
    useProvidersStore.setState({ providers: [view(1_000)], tests: { openai: { running: false, result: RESULT, error: null } } });

    useProvidersStore.getState().upsert(view(1_000));
    expect(useProvidersStore.getState().tests.openai?.result).toBe(RESULT);

    useProvidersStore.getState().upsert(view(61_000));
    expect(useProvidersStore.getState().tests.openai?.result).toBeNull();
  });

  it('keeps a running test whatever probes arrive', () => {
    useProvidersStore.setState({ providers: [view(1_000)], tests: { openai: { running: true, result: RESULT, error: null } } });

    useProvidersStore.getState().upsert(view(61_000));

    expect(useProvidersStore.getState().tests.openai?.running).toBe(true);
  });
});
