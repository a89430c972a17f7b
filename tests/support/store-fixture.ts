/** A real `HubStore` in a temporary folder, and attempts to fill it with. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { HubStore, type HubStoreOptions } from '../../src/main/core/store/store.ts';
import type { AttemptRecord } from '../../src/shared/types.ts';

export interface StoreFixture {
  store: HubStore;
  dataDir: string;
  close(): void;
}

/** Opens a store in a new temporary folder; `close` closes it and deletes the folder. */
export function openTempStore(options: HubStoreOptions = {}): StoreFixture {
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-store-'));
  const store = HubStore.open(dataDir, options);
  return {
    store,
    dataDir,
    close() {
      store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A successful OpenAI attempt with the given fields changed. */
export function attempt(fields: Partial<AttemptRecord> = {}): AttemptRecord {
  return {
    time: 1_750_000_000_000,
    callId: 'call-1',
    provider: 'openai',
    operation: 'chat.completions',
    method: 'POST',
    url: 'https://api.openai.test/v1/chat/completions',
    httpStatus: 200,
    latencyMs: 100,
    attempt: 1,
    outcome: 'success',
    errorClass: null,
    errorMessage: null,
    breakerState: 'closed',
    ...fields,
  };
}
