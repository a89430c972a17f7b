/** A time shown relative to now, with the exact local time in its tooltip. */
import { formatDateTime, formatRelative, formatTime, NONE } from '../lib/format.ts';
import { useNow } from '../lib/clock.ts';

interface RelativeTimeProps {
  /** Epoch milliseconds, or null for a time that does not exist yet. */
  time: number | null;
  /** Shows the local time of day before the relative part, such as "14:03:27 (12s ago)". */
  withClock?: boolean;
}

/** Renders `<time>` that re-renders every second so "12s ago" stays true. */
export function RelativeTime({ time, withClock = false }: RelativeTimeProps) {
  const now = useNow();
  if (time === null) return <span className="muted">{NONE}</span>;

  const relative = formatRelative(time, now);
  return (
    <time dateTime={new Date(time).toISOString()} title={formatDateTime(time)}>
      {withClock ? `${formatTime(time, now)} (${relative})` : relative}
    </time>
  );
}
