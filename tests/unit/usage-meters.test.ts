import { describe, expect, it } from 'vitest';
import { alertKey, buildAlert } from '../../src/main/core/usage/meters.ts';
import { dayWindow } from '../../src/main/core/usage/time-zone.ts';

const NOON = Date.parse('2026-03-10T17:00:00Z');

describe('alertKey', () => {
  it('names a day by its local date, whatever the zone', () => {
    const newYork = dayWindow(NOON, 'America/New_York');
    const chicago = dayWindow(NOON, 'America/Chicago');

    expect(newYork.start).not.toBe(chicago.start);
    expect(alertKey('openai', 'daily-calls', newYork, 80)).toBe(alertKey('openai', 'daily-calls', chicago, 80));
  });
});

describe('buildAlert', () => {
  it('words use of a zero budget without a percentage', () => {
    const window = dayWindow(NOON, 'UTC');
    const meter = { metric: 'monthly-budget' as const, used: 0.0011, limit: 0, unit: 'USD', percent: Infinity, resetsAt: window.end, window };

    const alert = buildAlert('elevenlabs', meter, 100, NOON, 'UTC');

    expect(alert.message).toMatch(/^ElevenLabs has used more than all of its/);
    expect(alert.message).not.toMatch(/Infinity/);
  });
});
