import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../src/cli/program.ts';
import { InvalidInputError } from '../../src/domain/errors.ts';
import {
  buildGuardPolicy,
  MODEL_RESOURCE,
  NETWORK_ISOLATION_KEY,
  type PolicyDocument,
  type PolicyStatement,
} from '../../src/domain/guard-policy.ts';

/** What IAM sees of a request: the action, the caller, and the condition keys SageMaker puts in context. */
interface RequestContext {
  action: string;
  principalArn: string;
  keys: Record<string, string>;
}

function arnLike(value: string, pattern: string): boolean {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${regex}$`).test(value);
}

/**
 * The IAM semantics of the operators the guard uses (IAM User Guide, condition operators): Bool is false
 * when the key is absent; Null "true" means the key is absent; ArnNotLike is true when the key (always
 * present for aws:PrincipalArn) matches none of the patterns. All operators of a statement must hold.
 */
function conditionHolds(statement: PolicyStatement, request: RequestContext): boolean {
  return Object.entries(statement.Condition).every(([operator, keys]) =>
    Object.entries(keys).every(([key, expected]) => {
      const values = Array.isArray(expected) ? expected : [expected];
      const actual = key === 'aws:PrincipalArn' ? request.principalArn : request.keys[key];
      switch (operator) {
        case 'Bool':
          return actual !== undefined && values.includes(actual);
        case 'Null':
          return values.includes(actual === undefined ? 'true' : 'false');
        case 'ArnNotLike':
          return actual !== undefined && !values.some((pattern) => arnLike(actual, pattern));
        default:
          throw new Error(`the test evaluator does not know ${operator}`);
      }
    }),
  );
}

function denies(policy: PolicyDocument, request: RequestContext): boolean {
  return policy.Statement.some(
    (s) => s.Effect === 'Deny' && s.Action === request.action && conditionHolds(s, request),
  );
}

const DEVELOPER = 'arn:aws:iam::111122223333:role/ml-developer';
const BREAK_GLASS = 'arn:aws:iam::111122223333:role/BreakGlass';
const createModel = (keys: Record<string, string>, principalArn = DEVELOPER): RequestContext => ({
  action: 'sagemaker:CreateModel',
  principalArn,
  keys,
});

describe('the guard policy', () => {
  const policy = buildGuardPolicy();

  it('denies CreateModel on every model unless network isolation is requested', () => {
    expect(policy.Version).toBe('2012-10-17');
    expect(policy.Statement.map((s) => [s.Effect, s.Action, s.Resource])).toEqual([
      ['Deny', 'sagemaker:CreateModel', MODEL_RESOURCE],
      ['Deny', 'sagemaker:CreateModel', MODEL_RESOURCE],
    ]);
    expect(policy.Statement.map((s) => s.Condition)).toEqual([
      { Bool: { [NETWORK_ISOLATION_KEY]: 'false' } },
      { Null: { [NETWORK_ISOLATION_KEY]: 'true' } },
    ]);
  });

  it.each([
    ['EnableNetworkIsolation true', { [NETWORK_ISOLATION_KEY]: 'true' }, false],
    ['EnableNetworkIsolation false', { [NETWORK_ISOLATION_KEY]: 'false' }, true],
    ['EnableNetworkIsolation left out (no key in the request)', {}, true],
  ])('with %s: denied = %s', (_case, keys, denied) => {
    expect(denies(policy, createModel(keys))).toBe(denied);
  });

  it('would let an omitted flag through with the Bool statement alone', () => {
    const boolOnly: PolicyDocument = { ...policy, Statement: policy.Statement.slice(0, 1) };
    expect(denies(boolOnly, createModel({}))).toBe(false);
  });

  it('does not touch other actions', () => {
    expect(denies(policy, { action: 'sagemaker:CreateEndpoint', principalArn: DEVELOPER, keys: {} })).toBe(
      false,
    );
  });

  it('lets exempt principals through in an SCP, and only them', () => {
    const scp = buildGuardPolicy({ kind: 'scp', exemptPrincipals: ['arn:aws:iam::*:role/BreakGlass'] });
    expect(denies(scp, createModel({}, BREAK_GLASS))).toBe(false);
    expect(denies(scp, createModel({}, DEVELOPER))).toBe(true);
    expect(denies(scp, createModel({ [NETWORK_ISOLATION_KEY]: 'false' }, DEVELOPER))).toBe(true);
  });

  it('refuses exemptions in an IAM policy, and exemptions that are not IAM principal ARNs', () => {
    expect(() => buildGuardPolicy({ exemptPrincipals: [BREAK_GLASS] })).toThrow(InvalidInputError);
    expect(() => buildGuardPolicy({ kind: 'scp', exemptPrincipals: ['BreakGlass'] })).toThrow(
      /exemptPrincipals\.0: an IAM role or user ARN/,
    );
  });
});

describe('sm5 guard-policy', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  async function run(...args: string[]): Promise<unknown> {
    const chunks: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      chunks.push(String(chunk));
      return true;
    });
    await buildProgram().parseAsync(['node', 'sm5', 'guard-policy', ...args]);
    return JSON.parse(chunks.join(''));
  }

  it('prints the IAM policy as JSON', async () => {
    expect(await run()).toEqual(buildGuardPolicy());
  });

  it('prints the SCP with its exemptions', async () => {
    const printed = await run('--scp', '--exempt-principal', BREAK_GLASS, '--exempt-principal', DEVELOPER);
    expect(printed).toEqual(buildGuardPolicy({ kind: 'scp', exemptPrincipals: [BREAK_GLASS, DEVELOPER] }));
  });
});
