/** The resilience events table: retries, breaker changes, give-ups and throttling. */
import { useEffect } from 'react';
import { providerName } from '../../../../shared/provider-names.ts';
import { PROVIDER_IDS, type ProviderId, type ResilienceEventRecord } from '../../../../shared/types.ts';
import { formatDateTime, formatTime, localizeTimes } from '../../lib/format.ts';
import { eventTypeLabel } from '../../lib/labels.ts';
import { useEventsStore } from '../../stores/events.ts';

function ms(value: number | null): string {
  return value === null ? '' : `${Math.round(value).toLocaleString()} ms`;
}

function EventRow({ event, now }: { event: ResilienceEventRecord; now: number }) {
  return (
    <tr data-testid="event-row" data-type={event.type}>
      <td className="nowrap">
        <time dateTime={new Date(event.time).toISOString()} title={formatDateTime(event.time)}>
          {formatTime(event.time, now)}
        </time>
      </td>
      <td>{providerName(event.provider)}</td>
      <td>{eventTypeLabel(event.type)}</td>
      <td>{event.attempt ?? ''}</td>
      <td>{ms(event.delayMs)}</td>
      <td>{ms(event.durationMs)}</td>
      <td className="cell-message">{event.detail === null ? '' : localizeTimes(event.detail, now)}</td>
    </tr>
  );
}

/** Renders the events of every provider or of one, newest first, updated live. */
export function ResilienceEvents() {
  const { rows, loaded, loading, error, provider, load } = useEventsStore();
  // Only the date part of a shown time depends on now, so the table reads it when it renders instead of every second.
  const now = Date.now();

  useEffect(() => {
    if (!useEventsStore.getState().loaded) void load();
  }, [load]);

  const onProvider = (value: string): void => {
    void load(value === '' ? null : (value as ProviderId));
  };

  return (
    <div data-testid="resilience-events">
      <div className="toolbar">
        <label htmlFor="events-provider">Provider</label>
        <select id="events-provider" className="input" value={provider ?? ''} onChange={(event) => onProvider(event.target.value)}>
          <option value="">All providers</option>
          {PROVIDER_IDS.map((id) => (
            <option key={id} value={id}>
              {providerName(id)}
            </option>
          ))}
        </select>
      </div>
      {error && (
        <p className="error-text" role="alert">
          Could not load events: {error}
        </p>
      )}
      <table className="log-table">
        <thead>
          <tr>
            <th>Time</th>
            <th>Provider</th>
            <th>Event</th>
            <th>Attempt</th>
            <th>Delay</th>
            <th>Duration</th>
            <th>Detail</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((event, index) => (
            <EventRow key={event.id ?? `live-${event.time}-${index}`} event={event} now={now} />
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <p className="muted">{loading || !loaded ? 'Loading events…' : 'No resilience events yet.'}</p>}
    </div>
  );
}
