/** The text of `hub --help`. */
import { PROVIDER_IDS } from '../shared/types.ts';

export const USAGE = `Usage: hub <command> [options]

Commands:
  check [--json] [--strict] [--config FILE]
      Probe every enabled provider once. Exit status 0 when no enabled
      provider is down or auth_failed (its key rejected), 1 when one is
      (with --strict, also when one is unconfigured or paused, its breaker
      held open by hand), 2 for bad usage.
      When the OS keychain cannot be read, an unconfigured provider says
      so: unlock or start the keychain, or set the provider's variable.
  logs export --format csv|jsonl --out FILE [--provider P] [--since T] [--config FILE]
      Write the call log to FILE. T is an ISO 8601 time or an age such as
      30m, 24h or 7d.
  secrets set PROVIDER [--field NAME]
      Save a credential in the OS keychain. The value is read from standard
      input, never from the command line.
  secrets delete PROVIDER [--field NAME]
      Remove a provider's credentials (or one field) from the OS keychain.
      When none is stored, it says so and still exits with status 0.
  usage [--json] [--month YYYY-MM] [--config FILE]
      Print calls, units and cost per provider for a month (default: the
      current one) in the time zone set on the Usage page.
  breaker reset|open|close PROVIDER
      Reset a provider's circuit breaker, or hold it open or closed. A
      breaker held open rejects every call and shows the provider as
      paused until it is closed or reset. The breaker state is kept in the
      data folder between runs.

Options:
  --config FILE   JSON settings applied over the stored ones for this run:
                  {"providers": {"openai": {"enabled": true, "baseUrl": "..."}}}
  --json          Print results as JSON.
  --month YYYY-MM Month of "hub usage", such as 2026-03.
  -h, --help      Show this help.

Providers: ${PROVIDER_IDS.join(', ')}
Environment: HUB_DATA_DIR sets the data folder; provider keys are also read
from their usual variables (OPENAI_API_KEY, STRIPE_SECRET_KEY, ...), which
take precedence over the keychain.`;
