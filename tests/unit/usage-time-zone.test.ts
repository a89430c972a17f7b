import { describe, expect, it } from 'vitest';
import {
  dayWindow,
  machineTimeZone,
  monthWindow,
  parseMonth,
  startOfLocalDay,
  startOfLocalHour,
  validateTimeZone,
} from '../../src/main/core/usage/time-zone.ts';
import { FakeClock } from '../support/fake-clock.ts';

const HOUR = 3_600_000;
const iso = (time: number) => new Date(time).toISOString();

describe('dayWindow', () => {
  const cases = [
    // Spring forward: 02:00 EST becomes 03:00 EDT, so the day has 23 hours.
    { zone: 'America/New_York', at: '2026-03-08T12:00:00Z', start: '2026-03-08T05:00:00.000Z', end: '2026-03-09T04:00:00.000Z', hours: 23 },
    // Fall back: 02:00 EDT becomes 01:00 EST, so the day has 25 hours.
    { zone: 'America/New_York', at: '2026-11-01T12:00:00Z', start: '2026-11-01T04:00:00.000Z', end: '2026-11-02T05:00:00.000Z', hours: 25 },
    { zone: 'Europe/Berlin', at: '2026-03-29T12:00:00Z', start: '2026-03-28T23:00:00.000Z', end: '2026-03-29T22:00:00.000Z', hours: 23 },
    { zone: 'Europe/Berlin', at: '2026-10-25T12:00:00Z', start: '2026-10-24T22:00:00.000Z', end: '2026-10-25T23:00:00.000Z', hours: 25 },
    // UTC+14: the local day starts ten hours before UTC midnight of the day before.
    { zone: 'Pacific/Kiritimati', at: '2026-01-01T00:00:00Z', start: '2025-12-31T10:00:00.000Z', end: '2026-01-01T10:00:00.000Z', hours: 24 },
    // Chatham: +13:45 in summer and +12:45 in winter, changing at 03:45 and 02:45 local time.
    { zone: 'Pacific/Chatham', at: '2026-04-05T06:00:00Z', start: '2026-04-04T10:15:00.000Z', end: '2026-04-05T11:15:00.000Z', hours: 25 },
    { zone: 'Pacific/Chatham', at: '2026-09-27T06:00:00Z', start: '2026-09-26T11:15:00.000Z', end: '2026-09-27T10:15:00.000Z', hours: 23 },
  ];

  for (const { zone, at, start, end, hours } of cases) {
    it(`bounds the local day of ${at} in ${zone}`, () => {
      const window = dayWindow(Date.parse(at), zone);

      expect(iso(window.start)).toBe(start);
      expect(iso(window.end)).toBe(end);
      expect((window.end - window.start) / HOUR).toBe(hours);
    });
  }

  it('puts the last millisecond before local midnight in the old day', () => {
    const midnight = Date.parse('2026-03-09T04:00:00Z');

    expect(dayWindow(midnight - 1, 'America/New_York').label).toBe('2026-03-08');
    expect(dayWindow(midnight, 'America/New_York').label).toBe('2026-03-09');
  });

  it('labels a Kiritimati day by its local date', () => {
    expect(dayWindow(Date.parse('2026-01-01T09:59:59Z'), 'Pacific/Kiritimati').label).toBe('2026-01-01');
    expect(dayWindow(Date.parse('2026-01-01T10:00:00Z'), 'Pacific/Kiritimati').label).toBe('2026-01-02');
  });

  it('resets once per local day on a fake clock across both changes of a year', async () => {
    const clock = new FakeClock(Date.parse('2026-01-01T05:00:00Z'));
    const labels = new Set<string>();
    let resets = 0;
    let current = dayWindow(clock.now(), 'America/New_York');
    while (clock.now() < Date.parse('2027-01-01T05:00:00Z')) {
      await clock.advance(HOUR);
      const next = dayWindow(clock.now(), 'America/New_York');
      if (next.start !== current.start) {
        resets += 1;
        expect(next.start).toBe(current.end);
      }
      labels.add(next.label);
      current = next;
    }

    // From 2026-01-01 00:00 to 2027-01-01 00:00 local: 365 resets, 366 dates seen.
    expect(resets).toBe(365);
    expect(labels.size).toBe(366);
  });
});

describe('monthWindow', () => {
  it('bounds March in New York across the spring change', () => {
    const window = monthWindow(Date.parse('2026-03-15T12:00:00Z'), 'America/New_York');

    expect(window.label).toBe('2026-03');
    expect(iso(window.start)).toBe('2026-03-01T05:00:00.000Z');
    expect(iso(window.end)).toBe('2026-04-01T04:00:00.000Z');
  });

  it('rolls December into the next year', () => {
    const window = parseMonth('2026-12', 'Europe/Berlin');

    expect(iso(window.start)).toBe('2026-11-30T23:00:00.000Z');
    expect(iso(window.end)).toBe('2026-12-31T23:00:00.000Z');
  });

  it('counts the first Kiritimati hours of a month in that month', () => {
    expect(monthWindow(Date.parse('2026-01-31T11:00:00Z'), 'Pacific/Kiritimati').label).toBe('2026-02');
  });

  it('rejects a month that is not YYYY-MM', () => {
    expect(() => parseMonth('2026-13', 'UTC')).toThrow(/Invalid month "2026-13": use YYYY-MM/);
    expect(() => parseMonth('March', 'UTC')).toThrow(/Invalid month "March"/);
    expect(() => parseMonth('0000-01', 'UTC')).toThrow(/Invalid month "0000-01": use YYYY-MM from 1970 on/);
    expect(() => parseMonth('0099-12', 'UTC')).toThrow(/Invalid month/);
  });
});

describe('startOfLocalHour', () => {
  it('starts Chatham hours at a quarter past the UTC hour', () => {
    expect(iso(startOfLocalHour(Date.parse('2026-06-01T03:30:00Z'), 'Pacific/Chatham'))).toBe('2026-06-01T03:15:00.000Z');
  });

  it('gives each repeated fall-back hour its own start', () => {
    const first = startOfLocalHour(Date.parse('2026-11-01T05:30:00Z'), 'America/New_York');
    const second = startOfLocalHour(Date.parse('2026-11-01T06:30:00Z'), 'America/New_York');

    expect(second - first).toBe(HOUR);
  });
});

describe('validateTimeZone', () => {
  it('accepts IANA names and returns their canonical spelling', () => {
    expect(validateTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(validateTimeZone(' Pacific/Chatham ')).toBe('Pacific/Chatham');
  });

  it('rejects an unknown name with the value and an example', () => {
    expect(() => validateTimeZone('Mars/Olympus')).toThrow('Unknown time zone "Mars/Olympus": use an IANA name such as Europe/Berlin');
    expect(() => validateTimeZone('')).toThrow(/Unknown time zone ""/);
  });

  it('reports the machine zone as a valid name', () => {
    expect(validateTimeZone(machineTimeZone())).toBe(machineTimeZone());
  });

  it('finds the first instant of a date whose midnight is skipped', () => {
    // Santiago moves clocks from 00:00 to 01:00 on 2026-09-06, so the day starts at 01:00 local.
    const start = startOfLocalDay({ year: 2026, month: 9, day: 6 }, 'America/Santiago');

    expect(iso(start)).toBe('2026-09-06T04:00:00.000Z');
  });
});
