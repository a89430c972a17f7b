import { describe, expect, it } from 'vitest';
import { PROVIDERS } from '../../src/main/core/providers/catalog.ts';
import { PROVIDER_NAMES, providerName } from '../../src/shared/provider-names.ts';
import { PROVIDER_IDS } from '../../src/shared/types.ts';

describe('providerName', () => {
  it.each(PROVIDER_IDS)('matches the catalog name of %s', (id) => {
    expect(providerName(id)).toBe(PROVIDERS[id].name);
  });

  it('names exactly the known providers', () => {
    expect(Object.keys(PROVIDER_NAMES).sort()).toEqual([...PROVIDER_IDS].sort());
  });

  it('returns the display name, not the id', () => {
    expect(providerName('openai')).toBe('OpenAI');
    expect(providerName('elevenlabs')).toBe('ElevenLabs');
  });
});
