/**
 * Wires the usage service into the hub: its store on the hub database, its
 * settings in the settings store, its events, and the call path hooks.
 */
import { dirname } from 'node:path';
import type { ProviderId, UsageSettings } from '../../../shared/types.ts';
import type { CallDependencies } from '../calls.ts';
import type { HubEmitter } from '../hub-events.ts';
import type { Clock, Logger, Notifier, SettingsStore } from '../ports.ts';
import { UsageService } from './service.ts';
import { withUsageDefaults } from './settings.ts';
import { UsageStore } from './usage-store.ts';

export interface UsageWiring {
  options: { settings: SettingsStore; notifier: Notifier };
  clock: Clock;
  logger: Logger;
  /** Path of the migrated hub database. */
  storePath: string;
  events: HubEmitter;
  isStopped(): boolean;
}

/** Creates the usage service. A settings store without usage support keeps them in memory. */
export function createUsageService(wiring: UsageWiring): UsageService {
  const { settings, notifier } = wiring.options;
  let memory: UsageSettings = withUsageDefaults(undefined);
  const emit = wiring.events.emit.bind(wiring.events);

  return new UsageService({
    store: UsageStore.open(wiring.storePath),
    dataDir: dirname(wiring.storePath),
    clock: wiring.clock,
    notifier,
    logger: wiring.logger,
    loadSettings: () => (settings.getUsage ? settings.getUsage() : memory),
    saveSettings: (next) => {
      if (settings.setUsage) settings.setUsage(next);
      else memory = next;
    },
    onRecorded: (record) => {
      if (!wiring.isStopped()) emit('usage.recorded', { provider: record.provider, callId: record.callId, time: record.time, unit: record.unit, units: record.units, cost: record.cost });
    },
    onAlert: (alert) => {
      if (!wiring.isStopped()) emit('usage.alert', alert);
    },
  });
}

/**
 * The call path hooks of the usage service. A failure inside them is logged
 * and lets the call through, so only a hard stop can reject a call.
 */
export function usageCallHooks(usage: UsageService, logger: Logger): Pick<CallDependencies, 'admit' | 'onResponse' | 'onSuccess'> {
  const guard = (what: string, provider: ProviderId, run: () => void) => {
    try {
      run();
    } catch (error) {
      logger.log('error', 'usage', `${what} failed`, { provider }, error);
    }
  };

  return {
    admit: (provider, request) => {
      let refusal: string | null = null;
      guard('Checking the hard stop', provider, () => {
        refusal = usage.admit(provider, request);
      });
      return refusal;
    },
    onResponse: (provider, interpretation) => guard('Reading provider limits', provider, () => usage.observe(provider, interpretation)),
    onSuccess: (provider, callId, request, response) => guard('Recording usage', provider, () => usage.record(provider, callId, request, response)),
  };
}
