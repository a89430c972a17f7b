/**
 * Reads a secret from standard input: piped text as is (one trailing line
 * break removed), or typed at a terminal with the echo turned off.
 */
import { UsageError } from './args.ts';

/** Secrets longer than this are rejected; no provider key comes close. */
const MAX_SECRET_BYTES = 8192;

async function readPiped(stdin: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_SECRET_BYTES) throw new UsageError(`The value on standard input is longer than ${MAX_SECRET_BYTES} bytes.`);

    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

function readTyped(stdin: NodeJS.ReadStream, prompt: { write(text: string): unknown }, label: string): Promise<string> {
  prompt.write(`Enter the ${label} (input hidden), then press Enter: `);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');

  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      prompt.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (text: string) => {
      for (const char of text) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003') return finish(new UsageError('Cancelled; nothing was saved.'));
        if (char === '\u007f') value = value.slice(0, -1);
        else value += char;
      }
    };
    stdin.on('data', onData);
  });
}

/** Reads the secret and rejects an empty value. */
export async function readSecret(stdin: NodeJS.ReadStream, prompt: { write(text: string): unknown }, label: string): Promise<string> {
  const value = stdin.isTTY ? await readTyped(stdin, prompt, label) : await readPiped(stdin);
  if (value.trim() === '') {
    throw new UsageError(`No value for the ${label} on standard input: pipe it in, for example  printf %s "$KEY" | hub secrets set ...`);
  }
  return value;
}
