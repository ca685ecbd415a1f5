/**
 * The pipeline's logger: one JSON line per event. Injected (compose picks the sink), so tests
 * can capture it and nothing logs from module scope.
 */
export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

function errorFields(value: unknown): unknown {
  if (value instanceof Error) {
    const out: Record<string, unknown> = { name: value.name, message: value.message };
    const code = (value as { code?: unknown }).code;
    if (code !== undefined) out['code'] = code;
    if (value.stack) out['stack'] = value.stack;
    if (value.cause !== undefined) out['cause'] = errorFields(value.cause);
    return out;
  }
  return value;
}

/** Writes JSON lines to `write` (stderr by default). */
export function jsonLogger(write: (line: string) => void = (l) => process.stderr.write(l)): Logger {
  const emit = (level: string, msg: string, fields?: LogFields): void => {
    const entry: Record<string, unknown> = { time: new Date().toISOString(), level, msg };
    if (fields) for (const [k, v] of Object.entries(fields)) entry[k] = errorFields(v);
    write(`${JSON.stringify(entry)}\n`);
  };
  return {
    info: (msg, fields) => emit('info', msg, fields),
    warn: (msg, fields) => emit('warn', msg, fields),
    error: (msg, fields) => emit('error', msg, fields),
  };
}

/** Discards everything (tests that do not look at logs). */
export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
