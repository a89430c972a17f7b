/**
 * The page side of the end-to-end bridge, bundled to an IIFE and injected
 * before the renderer loads. It builds `window.hub` with the same
 * `createHubApi` as the preload, so only the transport differs. Requests go
 * through the Playwright binding `__hubInvoke`, and the harness pushes hub
 * events by calling `__hubDispatch`.
 */
import { createHubApi, type EventName, type Invoke, type Subscribe } from '../../src/shared/contract.ts';

interface ShimWindow {
  __hubInvoke: Invoke;
  __hubDispatch?: (event: EventName, payload: unknown) => void;
  hub?: unknown;
}

const target = window as unknown as ShimWindow;
const listeners = new Set<(event: EventName, payload: unknown) => void>();

const subscribe: Subscribe = (listener) => {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
};

target.__hubDispatch = (event, payload) => {
  for (const listener of listeners) listener(event, payload);
};

Object.defineProperty(target, 'hub', {
  value: Object.freeze(createHubApi((name, payload) => target.__hubInvoke(name, payload), subscribe)),
  enumerable: true,
});
