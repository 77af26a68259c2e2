/**
 * The app around the stack: defaults when cdk.json says nothing, configuration errors at synth time, and
 * cdk-nag actually enforcing. Bundling is skipped here (the stack test bundles): these checks are about the
 * template, and skipping keeps them fast.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { createApp, PROJECT_ROOT } from '../../infra/create-app.ts';
import { InvalidInputError } from '../../src/domain/errors.ts';
import { identityStatements } from './template.ts';

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

describe('the app with no sm5 context', () => {
  const { stack, config } = createApp({ context: NO_BUNDLING });
  const template = Template.fromStack(stack);

  it('runs in approval mode, deleting originals, with a day to approve and two hours per deployment', () => {
    expect(config).toEqual({
      mode: 'approval',
      retireOriginal: 'delete',
      deployment: {},
      approvalTimeout: 86_400,
      deploymentTimeout: 7_200,
      exemptTag: 'sm5:exempt',
    });
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      DefinitionSubstitutions: { DefaultMode: 'approval' },
    });
  });

  it('subscribes no email and grants no alarm reads', () => {
    template.resourceCountIs('AWS::SNS::Subscription', 0);
    const actions = identityStatements(template.toJSON().Resources).flatMap((s) => s.actions);
    expect(actions).not.toContain('cloudwatch:DescribeAlarms');
  });
});

describe('cdk.json', () => {
  it('is the configuration the app reads, and it validates', () => {
    const cdkJson = JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8'));
    expect(cdkJson.app).toBe('npx tsx infra/app.ts');
    const { config } = createApp({ context: { ...cdkJson.context, ...NO_BUNDLING } });
    expect(config.mode).toBe('approval');
  });
});

describe('configuration errors', () => {
  it('fail the synth naming the key and the values it accepts', () => {
    const synth = () => createApp({ context: { mode: 'fast', retireOriginal: 'archive', ...NO_BUNDLING } });
    expect(synth).toThrow(InvalidInputError);
    expect(synth).toThrow(/"mode": "fast" is not allowed; allowed values: "auto", "approval", "dry-run"/);
    expect(synth).toThrow(/"retireOriginal": "archive" is not allowed; allowed values: "delete", "retain"/);
  });

  it('catch a misspelt key instead of ignoring it', () => {
    expect(() => createApp({ context: { mdoe: 'auto', ...NO_BUNDLING } })).toThrow(
      /"mdoe": not an sm5 setting/,
    );
  });

  it('accept -c values, which arrive as strings', () => {
    const { config } = createApp({
      context: { approvalTimeout: '3600', deployment: '{"rollbackAlarms":["a"]}', ...NO_BUNDLING },
    });
    expect(config.approvalTimeout).toBe(3600);
    expect(config.deployment).toEqual({ rollbackAlarms: ['a'] });
  });
});

describe('cdk-nag', () => {
  it('fails the synth on a finding nobody acknowledged', () => {
    const { stack } = createApp({ context: NO_BUNDLING });
    const role = stack.lambdas.get('check-endpoint')?.role;
    role?.addToPolicy(new iam.PolicyStatement({ actions: ['sagemaker:DescribeModel'], resources: ['*'] }));
    expect(role).toBeDefined();
    expect(() => Template.fromStack(stack)).toThrow(/AwsSolutions-IAM5\[Resource::\*\]/);
  });
});
