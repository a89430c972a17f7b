/** Warning shown while the call log cannot be written. */
import { formatCount } from '../../lib/format.ts';
import { useStoreHealth } from '../../stores/app.ts';

/** Renders what is not being logged and why, or nothing while the log is written. */
export function StoreHealthBanner() {
  const health = useStoreHealth();
  if (!health || (health.ok && health.droppedRows === 0)) return null;

  return (
    <div className="banner banner-warning" role="alert" data-testid="store-health-banner">
      {!health.ok && <strong>Call log not written. </strong>}
      {health.message ?? 'Some attempts were not logged.'}{' '}
      {health.pendingRows > 0 && (
        <span data-testid="store-health-pending">
          {formatCount(health.pendingRows)}{' '}
          {health.pendingRows === 1 ? 'attempt waits' : 'attempts wait'} in memory.{' '}
        </span>
      )}
      {health.droppedRows > 0 && (
        <span data-testid="store-health-dropped">
          {formatCount(health.droppedRows)}{' '}
          {health.droppedRows === 1 ? 'attempt was' : 'attempts were'} dropped.{' '}
        </span>
      )}
    </div>
  );
}
