/**
 * The sandboxed preload: exposes `window.hub`, built from the bridge
 * contract over IPC, and nothing else. The renderer gets no reference to ipcRenderer.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  createHubApi,
  EVENT_CHANNEL,
  REQUEST_CHANNEL,
  type EventName,
  type Invoke,
  type Reply,
  type Subscribe,
} from '../shared/contract.ts';

const invoke: Invoke = (name, payload) =>
  ipcRenderer.invoke(REQUEST_CHANNEL, name, payload) as Promise<Reply<unknown>>;

const subscribe: Subscribe = (listener) => {
  const onEvent = (_event: IpcRendererEvent, name: EventName, payload: unknown): void => {
    listener(name, payload);
  };
  ipcRenderer.on(EVENT_CHANNEL, onEvent);

  return () => {
    ipcRenderer.removeListener(EVENT_CHANNEL, onEvent);
  };
};

contextBridge.exposeInMainWorld('hub', createHubApi(invoke, subscribe));
