import { describe, expect, it } from 'vitest';
import { MAX_RISK_VALUE_LENGTH, preflight, REDACTED } from '../../../src/domain/preflight.ts';

const withEnv = (Environment: Record<string, string>) => ({
  PrimaryContainer: { Image: 'img', Environment },
});

describe('preflight', () => {
  it('finds nothing in a container that only reads its model data', () => {
    // Prepare
    const model = withEnv({
      SAGEMAKER_PROGRAM: 'inference.py',
      SAGEMAKER_REGION: 'us-east-1',
      AWS_REGION: 'us-east-1',
    });
    // Act
    const risks = preflight(model);
    // Assess
    expect(risks).toEqual([]);
  });

  it.each([
    ['MODEL_URL', 'https://example.com/weights.bin', /HTTP\(S\)/],
    ['FEATURES', 's3://bucket/features.parquet', /S3/],
    ['SAGEMAKER_SUBMIT_DIRECTORY', 's3://bucket/sourcedir.tar.gz', /inference code from S3/],
    ['HF_MODEL_ID', 'meta-llama/Llama-3-8B', /Hugging Face Hub model/],
    ['HF_HUB_ENABLE_HF_TRANSFER', '1', /Hugging Face Hub client/],
    ['AWS_ROLE_ARN', `arn:aws:iam::111122223333:role/app`, /calls AWS at runtime/],
    ['QUEUE', 'arn:aws:sqs:us-east-1:111122223333:jobs', /AWS resource/],
    ['BROKER', 'redis://cache:6379', /remote URL/],
  ])('flags %s=%s', (variable, value, why) => {
    const risks = preflight(withEnv({ [variable]: value }));
    expect(risks).toHaveLength(1);
    expect(risks[0]).toMatchObject({ container: 'PrimaryContainer', variable, value });
    expect(risks[0]?.why).toMatch(why);
  });

  it('gives one risk per variable, with the most specific reason', () => {
    const risks = preflight(withEnv({ SAGEMAKER_SUBMIT_DIRECTORY: 's3://bucket/code.tar.gz' }));
    expect(risks.map((r) => r.why)).toEqual([
      'the SageMaker Python SDK downloads the inference code from S3 when the container starts',
    ]);
  });

  it('accepts HF_MODEL_ID pointing at a local path and an offline Hub client', () => {
    const risks = preflight(
      withEnv({ HF_MODEL_ID: '/opt/ml/model', HF_HUB_OFFLINE: '1', HF_HUB_CACHE: '/opt/ml/model/cache' }),
    );
    expect(risks).toEqual([]);
  });

  it('accepts a SAGEMAKER_SUBMIT_DIRECTORY that is a local path', () => {
    expect(preflight(withEnv({ SAGEMAKER_SUBMIT_DIRECTORY: '/opt/ml/model/code' }))).toEqual([]);
  });

  it('treats a model package (Marketplace) container as safe', () => {
    const risks = preflight({
      PrimaryContainer: {
        ModelPackageName: 'arn:aws:sagemaker:us-east-1:865070037744:model-package/vendor-model',
      },
    });
    expect(risks).toEqual([]);
  });

  it('names each container of a pipeline by index and hostname', () => {
    const risks = preflight({
      Containers: [
        { ContainerHostname: 'preprocess', Environment: { LOOKUP: 'https://api.example.com' } },
        { Environment: { WEIGHTS: 's3://bucket/w' } },
      ],
    });
    expect(risks.map((r) => r.container)).toEqual(['Containers[0] (preprocess)', 'Containers[1]']);
  });

  it('redacts secret-looking values, which would otherwise land in the execution history', () => {
    const risks = preflight(withEnv({ HF_TOKEN: 'hf_abcdefsecret', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI' }));
    expect(risks.map((r) => r.value)).toEqual([REDACTED, REDACTED]);
  });

  it('truncates long values', () => {
    const risks = preflight(withEnv({ URL: `https://example.com/${'x'.repeat(500)}` }));
    expect(Array.from(risks[0]?.value ?? '')).toHaveLength(MAX_RISK_VALUE_LENGTH);
    expect(risks[0]?.value.endsWith('…')).toBe(true);
  });
});
