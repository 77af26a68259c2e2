/**
 * Hostile and broken command lines: malformed model names and ARNs for every command that takes a model,
 * bad numbers and choices for every option that takes one, unknown options, and unreadable event files.
 * Each is refused with exit code 2 and a one-line message (no stack trace) before sm5 makes any AWS call:
 * the sandbox's request log does not move. (docs/cli.md: "Arguments are checked before any AWS call".)
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portNumber, positiveNumber } from '../../src/cli/parse-args.ts';
import { run } from '../../src/cli/run.ts';
import { isExecutionArn } from '../../src/cli/workflow/target.ts';
import { parseModelArn } from '../../src/domain/findings/index.ts';
import { RESOURCE_NAME_PATTERN } from '../../src/domain/names.ts';
import { type Sandbox, startSandbox } from '../../src/local/sandbox.ts';
import { registerWorkflow } from '../../src/local/workflow/register.ts';
import { modelRequest } from './support/fixtures.ts';
import { callsIn } from './support/invariants.ts';
import { propertyParameters } from './support/params.ts';

let sb: Sandbox;
const saved = { ...process.env };
const home = mkdtempSync(join(tmpdir(), 'sm5-reliability-cli-'));

beforeAll(async () => {
  // No AWS configuration of the machine may leak in: an empty HOME and the sandbox's dummy keys.
  Object.assign(process.env, {
    HOME: home,
    AWS_CONFIG_FILE: join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ACCESS_KEY_ID: 'AKIASANDBOXEXAMPLE00',
    AWS_SECRET_ACCESS_KEY: 'sandbox-secret',
  });
  delete process.env.AWS_PROFILE;
  delete process.env.SM5_STATE_MACHINE_ARN;
  sb = await startSandbox({ scenario: { models: [modelRequest('fraud')] } });
  await registerWorkflow(sb, { mode: 'auto' });
});

afterAll(async () => {
  await sb.stop();
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

interface Outcome {
  readonly code: number;
  readonly stderr: string;
  readonly calls: readonly string[];
}

async function sm5(args: readonly string[]): Promise<Outcome> {
  let stderr = '';
  const io = {
    stdout: { write: () => true, isTTY: false },
    stderr: {
      write: (text: string) => {
        stderr += text;
        return true;
      },
      isTTY: false,
    },
    stdin: Object.assign(Readable.from(['']), { isTTY: false }),
    exitCode: 0,
  };
  const from = sb.requestLog.length;
  const code = await run(['--region', sb.region, '--endpoint-url', sb.url, ...args], io);
  return { code, stderr, calls: callsIn(sb, from) };
}

/** What a refusal must look like; answers what is wrong with it. */
function refusedCleanly(outcome: Outcome): string[] {
  const problems: string[] = [];
  if (outcome.code !== 2) problems.push(`exit ${outcome.code}, not 2`);
  if (!/^(error|sm5): \S/.test(outcome.stderr))
    problems.push(`no "error:"/"sm5:" message: ${JSON.stringify(outcome.stderr)}`);
  if (/^\s+at /m.test(outcome.stderr)) problems.push('a stack trace');
  if (outcome.calls.length > 0) problems.push(`AWS calls before refusing: ${outcome.calls.join(', ')}`);
  return problems;
}

/** Not a model name, not a model ARN, not an option, not an execution ARN. */
const badModel = fc
  .oneof(
    fc.string({ maxLength: 70 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.constantFrom('bad name', 'under_score', 'double--', '-', 'x'.repeat(64), 'émile', 'a/b', ''),
    fc.string({ maxLength: 30 }).map((tail) => `arn:aws:sagemaker:us-east-1:111122223333:${tail}`),
    fc.constantFrom(
      'arn:aws:sagemaker:us-east-1:111122223333:endpoint/fraud',
      'arn:aws:sagemaker:us-east-1:1111:model/fraud',
      'arn:aws:s3:::bucket/model',
    ),
  )
  .filter(
    (value) =>
      !RESOURCE_NAME_PATTERN.test(value) &&
      !value.startsWith('-') &&
      parseModelArn(value) === undefined &&
      !isExecutionArn(value) &&
      !/[/\\.]/.test(value),
  );

const notPositive = fc
  .oneof(
    fc.constantFrom('0', '-1', 'NaN', 'Infinity', '-Infinity', 'abc', '', ' ', '1e400', '0x', '--1'),
    fc.integer({ max: 0 }).map(String),
    fc.string({ maxLength: 8 }),
  )
  .filter((value) => {
    try {
      positiveNumber(value);
      return false;
    } catch {
      return !value.startsWith('-') || value.length > 1;
    }
  });

const notPort = fc
  .oneof(
    fc.integer({ min: 65_536 }).map(String),
    fc.integer({ max: -1 }).map(String),
    fc.constantFrom('1.5', 'http', '', 'NaN'),
  )
  .filter((value) => {
    try {
      portNumber(value);
      return false;
    } catch {
      return true;
    }
  });

describe('hostile command lines', () => {
  it('a malformed model for plan and remediate is refused before any AWS call', async () => {
    await fc.assert(
      fc.asyncProperty(
        badModel,
        fc.constantFrom(['plan'], ['remediate', '--yes']),
        async (model, command) => {
          const [name, ...rest] = command;
          expect(refusedCleanly(await sm5([name ?? '', model, ...rest]))).toEqual([]);
        },
      ),
      propertyParameters(30),
    );
  });

  it('a malformed model for start, approve, reject and history is refused before any AWS call', async () => {
    const commands = fc.constantFrom(['start'], ['approve'], ['reject', '--reason', 'no'], ['history']);
    await fc.assert(
      fc.asyncProperty(badModel, commands, async (model, command) => {
        const [name, ...rest] = command;
        expect(refusedCleanly(await sm5([name ?? '', model, ...rest]))).toEqual([]);
      }),
      propertyParameters(30),
    );
  });

  it('a model ARN of another region is refused before any AWS call', async () => {
    const arn = 'arn:aws:sagemaker:eu-west-1:111122223333:model/fraud';
    for (const args of [
      ['plan', arn],
      ['remediate', arn, '--yes'],
    ]) {
      expect(refusedCleanly(await sm5(args)), args.join(' ')).toEqual([]);
    }
  });

  it('a number option that is not a positive number is refused before any AWS call', async () => {
    const commands = fc.constantFrom(
      (v: string) => ['remediate', 'fraud', '--yes', `--poll-seconds=${v}`],
      (v: string) => ['history', 'fraud', `--limit=${v}`],
      (v: string) => ['sandbox', '--port', '0', `--transition-seconds=${v}`],
    );
    await fc.assert(
      fc.asyncProperty(notPositive, commands, async (value, args) => {
        expect(refusedCleanly(await sm5(args(value)))).toEqual([]);
      }),
      propertyParameters(30),
    );
  });

  it('a port that is not a port is refused', async () => {
    await fc.assert(
      fc.asyncProperty(notPort, async (value) => {
        expect(refusedCleanly(await sm5(['sandbox', `--port=${value}`]))).toEqual([]);
      }),
      propertyParameters(15),
    );
  });

  it('a --state-machine that is not a state machine ARN is refused before any AWS call', async () => {
    const notArn = fc
      .oneof(
        fc.string({ maxLength: 40 }),
        fc.constantFrom('sm5-remediate-model', 'arn:aws:states:us-east-1:111122223333:execution:x:y'),
      )
      .filter(
        (value) =>
          !value.startsWith('-') && !/^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:/.test(value),
      );
    const commands = fc.constantFrom(
      ['start', 'fraud'],
      ['approve', 'fraud'],
      ['reject', 'fraud', '--reason', 'no'],
      ['history', 'fraud'],
    );
    await fc.assert(
      fc.asyncProperty(notArn, commands, async (arn, command) => {
        expect(refusedCleanly(await sm5([...command, `--state-machine=${arn}`]))).toEqual([]);
      }),
      propertyParameters(20),
    );
  });

  it('a mode that is not a mode, and an unknown option, are refused before any AWS call', async () => {
    const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/);
    const cases = fc.oneof(
      word
        .filter((m) => !['auto', 'approval', 'dry-run'].includes(m))
        .map((m) => ['start', 'fraud', '--mode', m]),
      word
        .filter((m) => !['auto', 'approval', 'dry-run'].includes(m))
        .map((m) => ['sandbox', '--port', '0', '--mode', m]),
      fc
        .tuple(
          fc.constantFrom(
            'audit',
            'plan fraud',
            'remediate fraud --yes',
            'start fraud',
            'history fraud',
            'approve fraud',
          ),
          word,
        )
        .map(([command, option]) => [...command.split(' '), `--zz-${option}`]),
    );
    await fc.assert(
      fc.asyncProperty(cases, async (args) => {
        expect(refusedCleanly(await sm5(args))).toEqual([]);
      }),
      propertyParameters(30),
    );
  });

  it('an event file that cannot be read or is not JSON is refused before any AWS call', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sm5-reliability-events-'));
    const file = (name: string, text: string) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    };
    const texts = fc.oneof(
      fc.string({ maxLength: 40 }).filter((text) => {
        try {
          JSON.parse(text);
          return false;
        } catch {
          return true;
        }
      }),
      fc.constantFrom('{"source": ', '\u0000\u0001', '<xml/>', '{"a":1}{"b":2}'),
    );
    await fc.assert(
      fc.asyncProperty(texts, fc.nat(), async (text, n) => {
        expect(refusedCleanly(await sm5(['start', file(`event-${n}.json`, text)]))).toEqual([]);
      }),
      propertyParameters(20),
    );
    for (const path of [join(dir, 'missing.json'), dir]) {
      expect(refusedCleanly(await sm5(['start', path])), path).toEqual([]);
    }
  });
});
