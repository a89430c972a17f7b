/** The detail pane of one call: timing, redacted request headers, error, retries and breaker events. */
import { providerName } from '../../../../shared/provider-names.ts';
import type { AttemptRecord, BreakerTransition } from '../../../../shared/types.ts';
import { formatDateTime, formatLatency, localizeTimes, NONE } from '../../lib/format.ts';
import { errorClassLabel } from '../../lib/labels.ts';
import { useLogsStore } from '../../stores/logs.ts';
import { useCloseOnEscape } from '../../lib/dialog.ts';
import { BreakerBadge, OutcomeBadge } from '../Badges.tsx';

function Headers({ headers }: { headers: Record<string, string> | null | undefined }) {
  if (!headers || Object.keys(headers).length === 0) {
    return <p className="muted">No request headers were recorded.</p>;
  }

  return (
    <dl className="detail-headers" data-testid="detail-headers">
      {Object.entries(headers).map(([name, value]) => (
        <div key={name}>
          <dt className="mono">{name}</dt>
          <dd className="mono">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function AttemptItem({ record }: { record: AttemptRecord }) {
  return (
    <li className="detail-attempt" data-testid="detail-attempt">
      <div className="row">
        <strong>Try {record.attempt}</strong> <OutcomeBadge outcome={record.outcome} />{' '}
        <BreakerBadge state={record.breakerState} />
      </div>
      <div className="muted">
        Started {formatDateTime(record.time)}, took {formatLatency(record.latencyMs)}, HTTP{' '}
        {record.httpStatus ?? NONE}
      </div>
      <div className="mono cell-url" title={record.url}>
        {record.method} {record.url}
      </div>
      {(record.errorClass || record.errorMessage) && (
        <p className="error-text">
          {record.errorClass && <span className="error-class">{errorClassLabel(record.errorClass)}</span>}{' '}
          {record.errorMessage && localizeTimes(record.errorMessage)}
        </p>
      )}
      <Headers headers={record.requestHeaders} />
    </li>
  );
}

function BreakerEvents({ events }: { events: BreakerTransition[] }) {
  if (events.length === 0) return <p className="muted">No breaker events during this call.</p>;

  return (
    <ul className="detail-events">
      {events.map((event, index) => (
        <li key={`${event.time}-${index}`}>
          {formatDateTime(event.time)}: {event.from} → {event.to} ({localizeTimes(event.reason)})
        </li>
      ))}
    </ul>
  );
}

/** Names the provider and operation of the call, which every attempt shares. */
function CallSummary({ attempts }: { attempts: AttemptRecord[] }) {
  const first = attempts[0];
  if (!first) return null;

  return (
    <p className="detail-call" data-testid="detail-call">
      {providerName(first.provider)} · {first.operation}
    </p>
  );
}

/** Renders the pane for the call chosen in the table, or nothing when none is chosen. */
export function LogDetail() {
  const detail = useLogsStore((state) => state.detail);
  const close = useLogsStore((state) => state.closeDetail);
  useCloseOnEscape(close);
  if (!detail) return null;

  return (
    <aside className="log-detail" aria-label="Call detail" data-testid="log-detail">
      <div className="row toolbar-split">
        <h3 className="mono">{detail.callId}</h3>
        <button type="button" className="button" onClick={close} data-testid="detail-close">
          Close
        </button>
      </div>
      {detail.error && <p className="error-text">Could not load the call: {detail.error}</p>}
      {!detail.data && !detail.error && <p className="muted">Loading the call…</p>}
      {detail.data && (
        <>
          <CallSummary attempts={detail.data.attempts} />
          <h4>Attempts</h4>
          <ol className="detail-attempts">
            {detail.data.attempts.map((record) => (
              <AttemptItem key={`${record.id ?? record.time}-${record.attempt}`} record={record} />
            ))}
          </ol>
          <h4>Breaker events</h4>
          <BreakerEvents events={detail.data.breakerEvents} />
        </>
      )}
    </aside>
  );
}
