/**
 * A child process that logs attempts through the real write path until it
 * is killed: `node log-writer-child.ts DATA_DIR`. After every committed
 * batch it prints `committed N`, N being the highest sequence number in the
 * file. On SIGTERM it closes the writer and store cleanly and prints
 * `closed N` with the number of attempts it enqueued.
 */
import { HubStore } from '../../src/main/core/store/store.ts';
import { AttemptWriter } from '../../src/main/core/store/writer.ts';
import type { AttemptRecord } from '../../src/shared/types.ts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('Pass the data folder as the first argument.');

const store = HubStore.open(dataDir);
let enqueued = 0;
const writer = new AttemptWriter(
  {
    insertAttempts(rows: readonly AttemptRecord[]) {
      store.insertAttempts(rows);
      const last = rows.at(-1);
      if (last) process.stdout.write(`committed ${last.attempt}\n`);
    },
  },
  { flushIntervalMs: 50, maxBatch: 200 },
);

function attempt(sequence: number): AttemptRecord {
  return {
    time: Date.now(),
    callId: `call-${sequence}`,
    provider: 'openai',
    operation: 'chat.completions',
    method: 'POST',
    url: 'https://api.openai.test/v1/chat/completions',
    httpStatus: 200,
    latencyMs: 12,
    attempt: sequence,
    outcome: 'success',
    errorClass: null,
    errorMessage: null,
    breakerState: 'closed',
  };
}

const producer = setInterval(() => {
  for (let index = 0; index < 25; index += 1) writer.enqueue(attempt((enqueued += 1)));
}, 2);

process.on('SIGTERM', () => {
  clearInterval(producer);
  writer.close();
  store.close();
  process.stdout.write(`closed ${enqueued}\n`);
  process.exit(0);
});
