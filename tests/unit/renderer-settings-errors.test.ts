import { describe, expect, it } from 'vitest';
import { fieldOfError, parseProbeInterval } from '../../src/renderer/src/components/config/settingsErrors.ts';

describe('parseProbeInterval', () => {
  it('accepts whole seconds within the range', () => {
    expect(parseProbeInterval('5')).toBe(5);
    expect(parseProbeInterval(' 60 ')).toBe(60);
    expect(parseProbeInterval('86400')).toBe(86_400);
  });

  it.each(['', 'abc', '2', '4.5', '86401', '-10'])('rejects %j with the value and the range', (text) => {
    const result = parseProbeInterval(text);

    expect(typeof result).toBe('string');
    expect(result).toContain(`"${text}"`);
    expect(result).toMatch(/from 5 to 86400/);
  });
});

describe('fieldOfError', () => {
  it('places an error by the field its message names', () => {
    expect(fieldOfError('Invalid base URL "ftp://x": use http')).toBe('baseUrl');
    expect(fieldOfError('Invalid probe interval 2 s for openai')).toBe('probeIntervalSec');
    expect(fieldOfError('Something else failed')).toBe('form');
  });
});
