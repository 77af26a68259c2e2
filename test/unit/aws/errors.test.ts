import {
  ConflictException,
  ResourceInUse,
  ResourceLimitExceeded,
  ResourceNotFound,
} from '@aws-sdk/client-sagemaker';
import {
  AccessDeniedException,
  InternalException,
  InvalidAccessException,
  InvalidInputException,
  LimitExceededException,
} from '@aws-sdk/client-securityhub';
import { describe, expect, it } from 'vitest';
import {
  type AwsErrorContext,
  isAlreadyExists,
  isAwsError,
  resourceKindOfArn,
  toDomainError,
} from '../../../src/aws/errors.ts';
import {
  AccessDeniedError,
  AwsValidationError,
  EndpointBusyError,
  EndpointConfigNotFoundError,
  EndpointNotFoundError,
  ModelNotFoundError,
  QuotaExceededError,
  ResourceConflictError,
  ServiceUnavailableError,
  type Sm5Error,
  ThrottledError,
  UnexpectedAwsError,
} from '../../../src/domain/errors.ts';
import {
  configMissing,
  endpointMissing,
  metadata400,
  modelMissing,
  throttled,
  unmodeled,
  validation,
} from './aws-errors.ts';

type Case = [string, unknown, AwsErrorContext | undefined, abstract new (...args: never[]) => Sm5Error];

const cases: Case[] = [
  ['ThrottlingException', unmodeled('ThrottlingException', 'Rate exceeded'), undefined, ThrottledError],
  [
    'TooManyRequestsException',
    unmodeled('TooManyRequestsException', 'slow down', 429),
    undefined,
    ThrottledError,
  ],
  [
    'RequestLimitExceeded',
    unmodeled('RequestLimitExceeded', 'Request limit exceeded.'),
    undefined,
    ThrottledError,
  ],
  [
    'ProvisionedThroughputExceeded',
    unmodeled('ProvisionedThroughputExceeded', 'The level of configured provisioned throughput was exceeded'),
    undefined,
    ThrottledError,
  ],
  [
    'Security Hub LimitExceededException (HTTP 429)',
    new LimitExceededException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } }),
    undefined,
    ThrottledError,
  ],
  ['an unnamed HTTP 429', unmodeled('SomethingNew', 'too fast', 429), undefined, ThrottledError],
  [
    'in-progress endpoint',
    validation('Cannot update in-progress endpoint "arn:aws:sagemaker:us-east-1:123456789012:endpoint/ep".'),
    { resource: 'endpoint', name: 'ep' },
    EndpointBusyError,
  ],
  ['missing model', modelMissing('M'), undefined, ModelNotFoundError],
  ['missing endpoint configuration', configMissing('C'), undefined, EndpointConfigNotFoundError],
  ['missing endpoint', endpointMissing('E'), undefined, EndpointNotFoundError],
  [
    'missing endpoint configuration even when the call was about an endpoint',
    configMissing('C'),
    { resource: 'endpoint', name: 'E' },
    EndpointConfigNotFoundError,
  ],
  [
    'missing model package (not a missing model)',
    validation('Could not find model package "arn:aws:sagemaker:us-east-1:123456789012:model-package/p/1".'),
    { resource: 'model' },
    AwsValidationError,
  ],
  [
    'ResourceNotFound on a model',
    new ResourceNotFound({ message: 'Model not found', ...metadata400 }),
    { resource: 'model' },
    ModelNotFoundError,
  ],
  [
    'ResourceNotFound on an endpoint',
    new ResourceNotFound({ message: 'not found', ...metadata400 }),
    { resource: 'endpoint' },
    EndpointNotFoundError,
  ],
  [
    'ResourceNotFound on an endpoint config',
    new ResourceNotFound({ message: 'not found', ...metadata400 }),
    { resource: 'endpoint-config' },
    EndpointConfigNotFoundError,
  ],
  [
    'ResourceNotFound with a telling message and no context',
    new ResourceNotFound({ message: 'Could not find endpoint "x".', ...metadata400 }),
    undefined,
    EndpointNotFoundError,
  ],
  [
    'ResourceNotFound for something we do not name',
    new ResourceNotFound({ message: 'gone', ...metadata400 }),
    { resource: 'finding' },
    UnexpectedAwsError,
  ],
  [
    'ResourceLimitExceeded',
    new ResourceLimitExceeded({ message: 'The account-level service limit was exceeded', ...metadata400 }),
    undefined,
    QuotaExceededError,
  ],
  [
    'AccessDeniedException',
    unmodeled('AccessDeniedException', 'User is not authorized', 403),
    undefined,
    AccessDeniedError,
  ],
  [
    'Security Hub AccessDeniedException',
    new AccessDeniedException({ message: 'denied', $metadata: { httpStatusCode: 403 } }),
    undefined,
    AccessDeniedError,
  ],
  ['AccessDenied (no suffix)', unmodeled('AccessDenied', 'Access Denied', 403), undefined, AccessDeniedError],
  [
    'Security Hub InvalidAccessException (not subscribed)',
    new InvalidAccessException({ message: 'not subscribed', $metadata: { httpStatusCode: 401 } }),
    undefined,
    AccessDeniedError,
  ],
  [
    'missing credentials',
    Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    }),
    undefined,
    AccessDeniedError,
  ],
  ['InternalFailure', unmodeled('InternalFailure', 'boom', 500), undefined, ServiceUnavailableError],
  ['ServiceUnavailable', unmodeled('ServiceUnavailable', 'down', 503), undefined, ServiceUnavailableError],
  ['an unnamed 5xx', unmodeled('WeirdThing', 'bad gateway', 502), undefined, ServiceUnavailableError],
  [
    'Security Hub InternalException',
    new InternalException({ message: 'internal', $metadata: { httpStatusCode: 500 } }),
    undefined,
    ServiceUnavailableError,
  ],
  [
    'a connection refused after the SDK gave up',
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
    undefined,
    ServiceUnavailableError,
  ],
  [
    'another ValidationException',
    validation('1 validation error detected: Value at ...'),
    undefined,
    AwsValidationError,
  ],
  [
    'Security Hub InvalidInputException',
    new InvalidInputException({ message: 'bad input', ...metadata400 }),
    undefined,
    AwsValidationError,
  ],
  [
    'already existing, outside a create method',
    validation(
      'Cannot create already existing endpoint "arn:aws:sagemaker:us-east-1:123456789012:endpoint/e".',
    ),
    undefined,
    ResourceConflictError,
  ],
  [
    'ConflictException on an endpoint',
    new ConflictException({ message: 'concurrent update', ...metadata400 }),
    { resource: 'endpoint' },
    EndpointBusyError,
  ],
  [
    'ConflictException elsewhere',
    new ConflictException({ message: 'conflict', ...metadata400 }),
    { resource: 'model' },
    ResourceConflictError,
  ],
  [
    'ResourceInUse on an endpoint',
    new ResourceInUse({ message: 'in use', ...metadata400 }),
    { resource: 'endpoint' },
    EndpointBusyError,
  ],
  [
    'ResourceInUse elsewhere',
    new ResourceInUse({ message: 'in use', ...metadata400 }),
    { resource: 'endpoint-config' },
    ResourceConflictError,
  ],
  ['an unknown client error', unmodeled('SomethingElseException', 'huh'), undefined, UnexpectedAwsError],
  ['a bug, not an AWS error', new TypeError('x is not a function'), undefined, UnexpectedAwsError],
  ['a thrown string', 'nope', undefined, UnexpectedAwsError],
];

describe('toDomainError', () => {
  it.each(cases)('%s', (_label, error, context, expected) => {
    // Prepare: the error as the SDK throws it (table above)
    // Act
    const translated = toDomainError(error, context);

    // Assess: the named error, with the original kept as cause
    expect(translated).toBeInstanceOf(expected);
    expect(translated.cause).toBe(error);
  });

  it('keeps the operation, the resource name, the AWS code and the AWS message in its message', () => {
    // Prepare
    const error = modelMissing('MyModel');

    // Act
    const translated = toDomainError(error, {
      operation: 'DescribeModel',
      resource: 'model',
      name: 'MyModel',
    });

    // Assess
    expect(translated.message).toBe(
      'DescribeModel MyModel: ValidationException: Could not find model ' +
        '"arn:aws:sagemaker:us-east-1:123456789012:model/mymodel".',
    );
  });

  it('returns an error that already is an sm5 error unchanged', () => {
    // Prepare
    const original = new EndpointBusyError('busy');

    // Act / Assess
    expect(toDomainError(original, { resource: 'model' })).toBe(original);
  });

  it('reads a raw JSON error body whose __type is namespaced', () => {
    // Prepare: what a hand-rolled client would throw from the wire body
    const raw = { __type: 'com.amazonaws.sagemaker#ResourceLimitExceeded', Message: 'limit' };

    // Act
    const translated = toDomainError(raw);

    // Assess
    expect(translated).toBeInstanceOf(QuotaExceededError);
    expect(translated.message).toBe('ResourceLimitExceeded: limit');
  });

  it('marks throttling and busy as transient and not-found as permanent', () => {
    // Act
    const kinds = [
      toDomainError(throttled()),
      toDomainError(validation('Cannot update in-progress endpoint "e".')),
      toDomainError(modelMissing('m')),
    ];

    // Assess
    expect(kinds.map((e) => e.transient)).toEqual([true, true, false]);
  });
});

describe('isAwsError', () => {
  it('matches the code and a message prefix together', () => {
    // Prepare
    const error = validation('Cannot update in-progress endpoint "e".');

    // Act / Assess
    expect(isAwsError(error, 'ValidationException', 'Cannot update in-progress endpoint')).toBe(true);
    expect(isAwsError(error, 'ValidationException', /^Cannot update/)).toBe(true);
    expect(isAwsError(error, 'ValidationException', 'Could not find')).toBe(false);
    expect(isAwsError(error, 'ThrottlingException', 'Cannot update')).toBe(false);
  });

  it('accepts a list of codes and no pattern', () => {
    // Prepare
    const error = new ResourceNotFound({ message: 'x', ...metadata400 });

    // Act / Assess
    expect(isAwsError(error, ['ResourceNotFound', 'ResourceNotFoundException'])).toBe(true);
    expect(isAwsError(error, ['ValidationException'])).toBe(false);
  });

  it('is false for values that are not errors', () => {
    // Act / Assess
    expect(isAwsError(undefined, 'ValidationException')).toBe(false);
    expect(isAwsError('ValidationException', 'ValidationException')).toBe(false);
    expect(isAwsError(new Error('plain'), 'Error')).toBe(false);
  });
});

describe('isAlreadyExists', () => {
  it('recognises SageMaker\'s "Cannot create already existing" answer and nothing else', () => {
    // Act / Assess
    expect(isAlreadyExists(validation('Cannot create already existing model "arn:...:model/m".'))).toBe(true);
    expect(isAlreadyExists(validation('Could not find model "m".'))).toBe(false);
    expect(isAlreadyExists(unmodeled('ThrottlingException', 'Cannot create already existing'))).toBe(false);
  });
});

describe('resourceKindOfArn', () => {
  it.each([
    ['arn:aws:sagemaker:us-east-1:123456789012:model/m', 'model'],
    ['arn:aws:sagemaker:us-east-1:123456789012:endpoint/e', 'endpoint'],
    ['arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/c', 'endpoint-config'],
    ['arn:aws-cn:sagemaker:cn-north-1:123456789012:inference-component/i', 'inference-component'],
    ['arn:aws:s3:::bucket/model/x', undefined],
  ])('%s is a %s', (arn, kind) => {
    // Act / Assess
    expect(resourceKindOfArn(arn)).toBe(kind);
  });
});
