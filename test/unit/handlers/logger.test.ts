import { afterEach, describe, expect, it, vi } from 'vitest';
import { JsonLogger, logLevelFrom, serializeError } from '../../../src/handlers/lib/logger.ts';

const context = { functionName: 'sm5-plan', functionVersion: '$LATEST', awsRequestId: 'req-1' };

function capture(level: ConstructorParameters<typeof JsonLogger>[0] = {}) {
  const lines: Record<string, unknown>[] = [];
  const logger = new JsonLogger({ ...level, write: (line) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('JsonLogger', () => {
  it('writes one JSON object per entry with the level, service, invocation and appended keys', () => {
    // Prepare
    const { logger, lines } = capture({ level: 'INFO' });
    vi.stubEnv('_X_AMZN_TRACE_ID', 'Root=1-abc-def;Parent=123;Sampled=1');

    // Act
    logger.addContext(context);
    logger.appendKeys({ step: 'Plan', modelArn: 'arn:model' });
    logger.info('Plan done', { output: { verdict: 'remediate' } });

    // Assess
    expect(lines).toEqual([
      {
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        level: 'INFO',
        message: 'Plan done',
        service: 'sm5',
        requestId: 'req-1',
        functionName: 'sm5-plan',
        functionVersion: '$LATEST',
        coldStart: expect.any(Boolean),
        xrayTraceId: '1-abc-def',
        step: 'Plan',
        modelArn: 'arn:model',
        output: { verdict: 'remediate' },
      },
    ]);
  });

  it('marks only the first invocation of the process as the cold start', () => {
    const { logger, lines } = capture();
    logger.addContext(context);
    logger.info('first');
    logger.addContext({ ...context, awsRequestId: 'req-2' });
    logger.info('second');
    expect(lines[1]).toMatchObject({ requestId: 'req-2', coldStart: false });
  });

  it('forgets the keys and the invocation on reset, so a warm container does not log the last run', () => {
    const { logger, lines } = capture();
    logger.addContext(context);
    logger.appendKeys({ modelArn: 'arn:old' });
    logger.resetKeys();
    logger.info('next');
    expect(lines[0]).not.toHaveProperty('modelArn');
    expect(lines[0]).not.toHaveProperty('requestId');
  });

  it('logs an error with its name, message, stack and cause', () => {
    const { logger, lines } = capture();
    const cause = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    logger.error('Plan failed', new Error('describe-model throttled', { cause }));
    expect(lines[0]).toMatchObject({
      level: 'ERROR',
      error: {
        name: 'Error',
        message: 'describe-model throttled',
        stack: expect.stringContaining('describe-model throttled'),
        cause: { name: 'ThrottlingException', message: 'Rate exceeded' },
      },
    });
  });

  it('writes nothing below its level, and nothing at all when SILENT', () => {
    const warn = capture({ level: 'WARN' });
    warn.logger.info('hidden');
    warn.logger.error('shown');
    expect(warn.lines.map((l) => l.message)).toEqual(['shown']);

    const silent = capture({ level: 'SILENT' });
    silent.logger.error('hidden');
    expect(silent.lines).toEqual([]);
  });

  it('keeps the line when a field cannot be serialised', () => {
    const { logger, lines } = capture();
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    logger.info('with a loop', { circular, big: 1n });
    expect(lines[0]).toMatchObject({
      level: 'INFO',
      message: 'with a loop',
      logError: { name: 'TypeError' },
    });
  });

  it('takes its level from Lambda, then LOG_LEVEL, and falls back to INFO on anything unknown', () => {
    expect(logLevelFrom('warn', 'DEBUG')).toBe('WARN');
    expect(logLevelFrom(undefined, 'debug')).toBe('DEBUG');
    expect(logLevelFrom('TRACE')).toBe('DEBUG');
    expect(logLevelFrom('FATAL')).toBe('ERROR');
    expect(logLevelFrom('loud')).toBe('INFO');
    expect(logLevelFrom(undefined, '')).toBe('INFO');
    vi.stubEnv('AWS_LAMBDA_LOG_LEVEL', 'ERROR');
    expect(new JsonLogger().level).toBe('ERROR');
  });

  it('serialises a thrown non-Error as its message', () => {
    expect(serializeError('boom')).toEqual({ message: 'boom' });
  });
});
