/** The outcome of the last connection test of one provider. */
import type { ProbeResult } from '../../../../shared/types.ts';
import { formatLatency, localizeTimes } from '../../lib/format.ts';
import type { TestRun } from '../../stores/providers.ts';
import { StatusBadge } from '../Badges.tsx';
import { RelativeTime } from '../RelativeTime.tsx';

function describe(result: ProbeResult): string {
  const parts = [formatLatency(result.latencyMs)];
  if (result.httpStatus !== null) parts.unshift(`HTTP ${result.httpStatus}`);
  if (result.error) parts.push(localizeTimes(result.error));

  return parts.join(' · ');
}

interface TestResultProps {
  run: TestRun;
  testId: string;
}

/** Renders the status, HTTP status, latency and error of the last test, or the request's error. */
export function TestResult({ run, testId }: TestResultProps) {
  // Only the result text is a live region. The relative time changes every
  // second, so it stays outside and screen readers do not announce each tick.
  return (
    <div className="test-result" data-testid={testId}>
      <span role="status" className="test-result-text">
        {run.running && <span className="muted">Testing connection…</span>}
        {!run.running && run.error && <span className="error-text">{run.error}</span>}
        {!run.running && run.result && (
          <>
            <StatusBadge status={run.result.status} />
            <span className={run.result.error ? 'error-text' : undefined}>
              {describe(run.result)}
            </span>
          </>
        )}
      </span>
      {!run.running && run.result && (
        <span className="muted">
          <RelativeTime time={run.result.time} />
        </span>
      )}
    </div>
  );
}
