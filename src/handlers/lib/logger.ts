/**
 * Structured logs for the step Lambdas: one JSON object per line on stdout, which Lambda's JSON log format
 * keeps as it is and filters by its `level` (the function's ApplicationLogLevel).
 *
 * Why not Powertools Logger: importing it cost ~19 ms of every cold start here (`npm run bench -- --only
 * lambda`), more than the rest of sm5's own code, for the handful of features a step uses: a level, the
 * invocation's request id, keys for the step, the execution and the model, and errors with their cause.
 */

export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The members of the Lambda context a log line carries. */
export interface LambdaContextLike {
  readonly functionName: string;
  readonly functionVersion: string;
  readonly awsRequestId: string;
}

export interface JsonLoggerOptions {
  readonly service?: string;
  /** Default: AWS_LAMBDA_LOG_LEVEL (set by Lambda's log level control), then LOG_LEVEL, then INFO. */
  readonly level?: LogLevel;
  /** Where each line goes (default stdout); tests capture lines here. */
  readonly write?: (line: string) => void;
}

const SEVERITY: Readonly<Record<LogLevel, number>> = { DEBUG: 10, INFO: 20, WARN: 30, ERROR: 40, SILENT: 99 };

/** An unknown or missing level means INFO: a typo in an environment variable must not silence the audit. */
export function logLevelFrom(...candidates: readonly (string | undefined)[]): LogLevel {
  for (const candidate of candidates) {
    const level = candidate?.trim().toUpperCase();
    if (level === undefined || level === '') continue;
    if ((LOG_LEVELS as readonly string[]).includes(level)) return level as LogLevel;
    // Lambda also knows TRACE and FATAL; they map to the nearest level we write.
    if (level === 'TRACE') return 'DEBUG';
    if (level === 'FATAL') return 'ERROR';
  }
  return 'INFO';
}

/** What of an error a log line keeps: name, message, stack, and its causes (SDK errors travel as a cause). */
export function serializeError(error: unknown, depth = 0): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const fields: Record<string, unknown> = { name: error.name, message: error.message, stack: error.stack };
  if (error.cause !== undefined && depth < 3) fields.cause = serializeError(error.cause, depth + 1);
  return fields;
}

function stringify(entry: Record<string, unknown>): string {
  try {
    return JSON.stringify(entry, (_key, value) => (typeof value === 'bigint' ? value.toString() : value));
  } catch (error) {
    // A circular value must cost the detail, not the line.
    const { timestamp, level, message } = entry;
    return JSON.stringify({ timestamp, level, message, logError: serializeError(error) });
  }
}

let coldStart = true;

export class JsonLogger {
  readonly level: LogLevel;
  private readonly service: string;
  private readonly write: (line: string) => void;
  private invocation: Record<string, unknown> = {};
  private keys: Record<string, unknown> = {};

  constructor(options: JsonLoggerOptions = {}) {
    this.service = options.service ?? 'sm5';
    this.level = options.level ?? logLevelFrom(process.env.AWS_LAMBDA_LOG_LEVEL, process.env.LOG_LEVEL);
    this.write = options.write ?? ((line) => process.stdout.write(`${line}\n`));
  }

  /** Called once per invocation: the request id and whether this one paid the cold start. */
  addContext(context: LambdaContextLike): void {
    this.invocation = {
      requestId: context.awsRequestId,
      functionName: context.functionName,
      functionVersion: context.functionVersion,
      coldStart,
    };
    coldStart = false;
  }

  appendKeys(keys: Record<string, unknown>): void {
    this.keys = { ...this.keys, ...keys };
  }

  /** Forgets the invocation and its keys: a warm container must not log the previous run's model. */
  resetKeys(): void {
    this.invocation = {};
    this.keys = {};
  }

  debug(message: string, fields: Record<string, unknown> = {}): void {
    this.log('DEBUG', message, fields);
  }

  info(message: string, fields: Record<string, unknown> = {}): void {
    this.log('INFO', message, fields);
  }

  warn(message: string, fields: Record<string, unknown> = {}): void {
    this.log('WARN', message, fields);
  }

  error(message: string, error?: unknown): void {
    this.log('ERROR', message, error === undefined ? {} : { error: serializeError(error) });
  }

  private log(level: Exclude<LogLevel, 'SILENT'>, message: string, fields: Record<string, unknown>): void {
    if (SEVERITY[level] < SEVERITY[this.level]) return;
    const trace = process.env._X_AMZN_TRACE_ID;
    this.write(
      stringify({
        timestamp: new Date().toISOString(),
        level,
        message,
        service: this.service,
        ...this.invocation,
        ...(trace === undefined ? {} : { xrayTraceId: trace.split(';')[0]?.replace(/^Root=/, '') }),
        ...this.keys,
        ...fields,
      }),
    );
  }
}

/** One logger per function, its level from the function's configuration. */
export function functionLogger(): JsonLogger {
  return new JsonLogger();
}
