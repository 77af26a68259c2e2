import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  App,
  AspectPriority,
  Aspects,
  CfnParameter,
  CfnResource,
  Stack,
  Token,
  Validations,
} from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { CfnModel } from 'aws-cdk-lib/aws-sagemaker';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';
import { Construct } from 'constructs';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXED_WARNING_ID, RequireNetworkIsolation } from '../../infra/index.ts';

const ROLE = 'arn:aws:iam::111122223333:role/model-execution';
const VARIANT = {
  VariantName: 'AllTraffic',
  ModelName: 'scorer',
  InstanceType: 'ml.m5.large',
  InitialInstanceCount: 1,
};
const IMAGE = { image: '111122223333.dkr.ecr.us-east-1.amazonaws.com/scorer:1' };
const scratch = mkdtempSync(join(tmpdir(), 'sm5-aspect-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Stands in for an L2 construct (such as @aws-cdk/aws-sagemaker-alpha's Model) built on CfnModel. */
class ScoringModel extends Construct {
  constructor(scope: Construct, id: string, props: { isolated?: boolean }) {
    super(scope, id);
    new CfnModel(this, 'Resource', {
      executionRoleArn: ROLE,
      primaryContainer: IMAGE,
      ...(props.isolated === undefined ? {} : { enableNetworkIsolation: props.isolated }),
    });
  }
}

/** One stack with every way a model can be (or not be) isolated; path → compliant. */
function buildModels(stack: Stack): Record<string, boolean> {
  new CfnModel(stack, 'Unset', { executionRoleArn: ROLE, primaryContainer: IMAGE });
  new CfnModel(stack, 'False', {
    executionRoleArn: ROLE,
    primaryContainer: IMAGE,
    enableNetworkIsolation: false,
  });
  new CfnModel(stack, 'Isolated', {
    executionRoleArn: ROLE,
    primaryContainer: IMAGE,
    enableNetworkIsolation: true,
  });
  const overridden = new CfnModel(stack, 'OverriddenOff', {
    executionRoleArn: ROLE,
    primaryContainer: IMAGE,
    enableNetworkIsolation: true,
  });
  overridden.addPropertyOverride('EnableNetworkIsolation', false);
  const fixedByOverride = new CfnModel(stack, 'OverriddenOn', {
    executionRoleArn: ROLE,
    primaryContainer: IMAGE,
  });
  fixedByOverride.addPropertyOverride('EnableNetworkIsolation', true);
  new ScoringModel(stack, 'L2Open', {});
  new ScoringModel(stack, 'L2Isolated', { isolated: true });
  new CfnResource(stack, 'Generic', {
    type: 'AWS::SageMaker::Model',
    properties: { ExecutionRoleArn: ROLE, PrimaryContainer: { Image: IMAGE.image } },
  });
  const flag = new CfnParameter(stack, 'Isolate', { type: 'String', allowedValues: ['true', 'false'] });
  new CfnModel(stack, 'DeployTime', {
    executionRoleArn: ROLE,
    primaryContainer: IMAGE,
    enableNetworkIsolation: Token.asAny(flag.valueAsString),
  });
  const templateFile = join(scratch, `${stack.stackName}.json`);
  writeFileSync(
    templateFile,
    JSON.stringify({
      Resources: {
        Imported: {
          Type: 'AWS::SageMaker::Model',
          Properties: { ExecutionRoleArn: ROLE, PrimaryContainer: { Image: IMAGE.image } },
        },
      },
    }),
  );
  new CfnInclude(stack, 'Legacy', { templateFile });
  return {
    '/Models/Unset': false,
    '/Models/False': false,
    '/Models/Isolated': true,
    '/Models/OverriddenOff': false,
    '/Models/OverriddenOn': true,
    '/Models/L2Open/Resource': false,
    '/Models/L2Isolated/Resource': true,
    '/Models/Generic': false,
    '/Models/DeployTime': false,
    '/Models/Legacy/Imported': false,
  };
}

function synth(fix: boolean | undefined) {
  const app = new App();
  const stack = new Stack(app, 'Models');
  const expected = buildModels(stack);
  Aspects.of(app).add(new RequireNetworkIsolation(fix === undefined ? undefined : { fix }), {
    priority: AspectPriority.MUTATING,
  });
  const annotations = Annotations.fromStack(stack);
  return { stack, expected, annotations };
}

describe('RequireNetworkIsolation', () => {
  it('reports an error on every model that is not provably isolated, and on no other', () => {
    const { expected, annotations } = synth(undefined);
    const errors = annotations.findError('*', Match.stringLikeRegexp('SageMaker.5'));
    const failing = Object.entries(expected)
      .filter(([, compliant]) => !compliant)
      .map(([path]) => path);
    expect(errors.map((m) => m.id).sort()).toEqual(failing.sort());
    expect(String(errors.find((m) => m.id === '/Models/False')?.entry.data)).toContain(
      'EnableNetworkIsolation is false, must be true',
    );
  });

  it('changes nothing when every model is isolated', () => {
    const app = new App();
    const stack = new Stack(app, 'Compliant');
    new CfnModel(stack, 'Isolated', {
      executionRoleArn: ROLE,
      primaryContainer: IMAGE,
      enableNetworkIsolation: true,
    });
    Aspects.of(app).add(new RequireNetworkIsolation({ fix: true }), { priority: AspectPriority.MUTATING });
    const annotations = Annotations.fromStack(stack);
    expect(annotations.findError('*', Match.anyValue())).toEqual([]);
    expect(annotations.findWarning('*', Match.stringLikeRegexp('RequireNetworkIsolation'))).toEqual([]);
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::Model', {
      EnableNetworkIsolation: true,
    });
  });

  describe('with { fix: true }', () => {
    const { stack, expected, annotations } = synth(true);

    it('isolates every model in the template, overrides and imported templates included', () => {
      const models = Template.fromStack(stack).findResources('AWS::SageMaker::Model');
      expect(Object.keys(models)).toHaveLength(Object.keys(expected).length);
      for (const [id, model] of Object.entries(models)) {
        expect(model.Properties.EnableNetworkIsolation, id).toBe(true);
      }
    });

    it('warns, acknowledgeably, on each model it changed and on no other, and reports no error', () => {
      const warnings = annotations.findWarning(
        '*',
        Match.stringLikeRegexp('RequireNetworkIsolation set it to true'),
      );
      const changed = Object.entries(expected)
        .filter(([, compliant]) => !compliant)
        .map(([path]) => path);
      expect(warnings.map((m) => m.id).sort()).toEqual(changed.sort());
      expect(String(warnings[0]?.entry.data)).toContain(`[ack: ${FIXED_WARNING_ID}]`);
      expect(annotations.findError('*', Match.anyValue())).toEqual([]);
    });
  });

  it('lets a reviewed fix be acknowledged by the id of its warning', () => {
    const app = new App();
    const stack = new Stack(app, 'Reviewed');
    const model = new CfnModel(stack, 'Scorer', { executionRoleArn: ROLE, primaryContainer: IMAGE });
    Validations.of(model).acknowledge({ id: FIXED_WARNING_ID, reason: 'Tested isolated in staging.' });
    Aspects.of(app).add(new RequireNetworkIsolation({ fix: true }), { priority: AspectPriority.MUTATING });
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::Model', {
      EnableNetworkIsolation: true,
    });
  });

  it('leaves other resource types alone', () => {
    const app = new App();
    const stack = new Stack(app, 'Other');
    new CfnResource(stack, 'Config', {
      type: 'AWS::SageMaker::EndpointConfig',
      properties: { ProductionVariants: [VARIANT] },
    });
    Aspects.of(app).add(new RequireNetworkIsolation({ fix: true }), { priority: AspectPriority.MUTATING });
    expect(Template.fromStack(stack).toJSON().Resources.Config.Properties).toEqual({
      ProductionVariants: [VARIANT],
    });
  });
});
