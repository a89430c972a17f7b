/**
 * The hub's one logger. Every line has the same shape: ISO time, level,
 * `[component]`, message, then `key=value` ids and figures, then the error
 * with its stack on the following lines. Callers pass ids, never secrets.
 */
import type { LogFields, Logger, LogLevel } from './ports.ts';

const LEVEL_ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function formatValue(value: string | number | boolean | null | undefined): string {
  const text = String(value);
  return /[\s"=]/.test(text) ? JSON.stringify(text) : text;
}

function formatError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;

  return String(error);
}

/** Formats one log line without a trailing newline. */
export function formatLogLine(
  time: Date,
  level: LogLevel,
  component: string,
  message: string,
  fields: LogFields = {},
  error?: unknown,
): string {
  const pairs = Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${formatValue(value)}`);
  const head = [time.toISOString(), level.toUpperCase().padEnd(5), `[${component}]`, message, ...pairs].join(' ');

  return error === undefined ? head : `${head}\n${formatError(error)}`;
}

export interface ConsoleLoggerOptions {
  /** Lines below this level are dropped. Default: `info`, or `HUB_LOG_LEVEL`. */
  level?: LogLevel;
  /** Where lines go. Default: standard error, so command output stays clean. */
  stream?: { write(text: string): unknown };
}

function levelFromEnv(): LogLevel | undefined {
  const value = process.env.HUB_LOG_LEVEL;
  return value && value in LEVEL_ORDER ? (value as LogLevel) : undefined;
}

/** Creates a logger that writes formatted lines to a stream. */
export function createConsoleLogger(options: ConsoleLoggerOptions = {}): Logger {
  const threshold = LEVEL_ORDER[options.level ?? levelFromEnv() ?? 'info'];
  const stream = options.stream ?? process.stderr;

  return {
    log(level, component, message, fields, error) {
      if (LEVEL_ORDER[level] < threshold) return;

      stream.write(`${formatLogLine(new Date(), level, component, message, fields, error)}\n`);
    },
  };
}

/** A logger that drops everything, for tests that do not look at logs. */
export const silentLogger: Logger = { log() {} };
