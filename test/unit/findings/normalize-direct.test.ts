import { describe, expect, it } from 'vitest';
import { FindingRejectedError, InvalidInputError } from '../../../src/domain/errors.ts';
import { normalizeDirect } from '../../../src/domain/findings/index.ts';
import { CTX, MODEL_ARN } from './fixtures.ts';

function rejectionOf(input: unknown): FindingRejectedError {
  try {
    normalizeDirect(input, CTX);
  } catch (error) {
    if (error instanceof FindingRejectedError) return error;
    throw error;
  }
  throw new Error('expected a FindingRejectedError');
}

describe('normalizeDirect', () => {
  it('builds the ARN from a name in the account and region sm5 runs in, keeping the name as typed', () => {
    // Act
    const request = normalizeDirect({ modelName: 'Fraud-Scorer-V3' }, CTX);
    // Assess
    expect(request).toEqual({
      finding: null,
      accountId: '111122223333',
      region: 'us-east-1',
      modelArn: MODEL_ARN,
      modelName: 'Fraud-Scorer-V3',
      trigger: 'cli',
    });
  });

  it('builds the ARN in the partition of the region', () => {
    const request = normalizeDirect(
      { modelName: 'm' },
      { accountId: '111122223333', region: 'us-gov-west-1' },
    );
    expect(request.modelArn).toBe('arn:aws-us-gov:sagemaker:us-gov-west-1:111122223333:model/m');
  });

  it('takes an ARN as it is', () => {
    const request = normalizeDirect(
      { modelArn: MODEL_ARN, accountId: CTX.accountId, region: CTX.region },
      CTX,
    );
    expect(request.modelArn).toBe(MODEL_ARN);
    expect(request.modelName).toBe('fraud-scorer-v3');
    expect(request.finding).toBeNull();
  });

  it.each([
    [{}, 'give exactly one of modelName and modelArn'],
    [{ modelName: 'a', modelArn: MODEL_ARN }, 'give exactly one of modelName and modelArn'],
    [{ modelName: 'bad_name' }, 'modelName: a SageMaker name is'],
    [{ modelName: 'a', extra: true }, 'Unrecognized key: "extra"'],
    [{ modelName: 'a', accountId: '12' }, 'accountId: an AWS account id is 12 digits'],
    ['fraud-scorer-v3', 'expected object'],
  ])('refuses %j, saying %s', (input, message) => {
    expect(() => normalizeDirect(input, CTX)).toThrow(InvalidInputError);
    expect(() => normalizeDirect(input, CTX)).toThrow(message);
  });

  it.each([
    [
      { modelName: 'a', accountId: '444455556666' },
      'wrong-account',
      'the request is for account 444455556666',
    ],
    [{ modelName: 'a', region: 'eu-west-1' }, 'wrong-region', 'the request is for region eu-west-1'],
    [
      { modelArn: 'arn:aws:sagemaker:us-east-1:444455556666:model/a' },
      'wrong-account',
      'is in account 444455556666, but sm5 runs in account 111122223333',
    ],
    [
      { modelArn: 'arn:aws:sagemaker:us-east-1:111122223333:endpoint/a' },
      'not-a-model',
      'is not a SageMaker model ARN',
    ],
  ] as const)('rejects %j as %s', (input, reason, message) => {
    const error = rejectionOf(input);
    expect(error.reason).toBe(reason);
    expect(error.message).toContain(message);
  });
});
