/** Wiring of hub events into the stores, and the first loads. */
import { useEffect } from 'react';
import type { HubApi } from '../../../shared/contract.ts';
import { errorMessage, hub } from '../hub.ts';
import { useAppStore } from './app.ts';
import { useEventsStore } from './events.ts';
import { useLogsStore } from './logs.ts';
import { useProvidersStore } from './providers.ts';
import { useUsageStore } from './usage.ts';

/** Routes every hub event to its store. The returned function unsubscribes them all. */
export function subscribeToHub(api: HubApi): () => void {
  const unsubscribers = [
    api.on('provider.changed', (view) => useProvidersStore.getState().upsert(view)),
    api.on('breaker.changed', (transition) => {
      useProvidersStore.getState().applyBreakerTransition(transition);
    }),
    api.on('attempt.logged', (record) => useLogsStore.getState().receive(record)),
    api.on('keychain.changed', (status) => useAppStore.getState().setKeychain(status)),
    api.on('usage.recorded', () => useUsageStore.getState().scheduleReload()),
    api.on('usage.alert', (alert) => useUsageStore.getState().receiveAlert(alert)),
    api.on('resilience.event', (record) => useEventsStore.getState().receive(record)),
    api.on('store.health', (health) => useAppStore.getState().setStoreHealth(health)),
    api.on('export.progress', (progress) => useLogsStore.getState().receiveProgress(progress)),
  ];

  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}

/**
 * Subscribes to hub events and loads the app info and providers once when
 * the app mounts, and unsubscribes on unmount. Subscribing comes first so no
 * change between the load and the subscription is missed.
 */
export function useHubConnection(): void {
  useEffect(() => {
    let unsubscribe: () => void;
    try {
      unsubscribe = subscribeToHub(hub());
    } catch (error) {
      useAppStore.getState().fail(errorMessage(error));
      return;
    }

    void useAppStore.getState().load();
    void useProvidersStore.getState().load();
    void useUsageStore.getState().load();
    return unsubscribe;
  }, []);
}
