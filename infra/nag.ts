/**
 * cdk-nag (AwsSolutions) runs on every synth through the CDK's Validations API, so any finding fails the
 * synth. Every acknowledgement lives here or next to the construct it concerns, with one sentence a security
 * reviewer can check.
 */
import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { ARN, type Permission } from '../src/domain/workflow-functions.ts';

export function addNagChecks(app: App): void {
  // The acknowledgements are also written into the template (Metadata.cdk_nag), so a reviewer reading the
  // deployed template sees each exception next to the resource it concerns.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { writeSuppressionsToCloudFormation: true }));
}

/** Why each wildcard resource in the step roles is as narrow as IAM allows. */
export const WILDCARD_REASONS: Readonly<Record<string, string>> = {
  [ARN.model]:
    'Which models a run reads, clones or retires is known only from the finding at run time, so the grant covers the models of this account and region, with deletes limited by tag.',
  [ARN.endpoint]:
    'Which endpoints serve the model is discovered at run time, so the grant covers the endpoints of this account and region.',
  [ARN.endpointConfig]:
    'Endpoint config names are discovered or derived at run time, so the grant covers the configs of this account and region, with deletes limited by tag.',
  [ARN.inferenceComponent]:
    'Inference components are discovered at run time, so read access covers those of this account and region.',
  [ARN.executionRoles]:
    'The execution roles a clone or a copied endpoint config names belong to the user and are unknown in advance; iam:PassedToService limits the pass to SageMaker.',
  [ARN.kmsKeys]:
    'Endpoint configs may name any customer key of the account; kms:ViaService limits its use to requests SageMaker makes.',
  '*': 'These actions (sagemaker List*, securityhub:BatchUpdateFindings) have no resource-level permissions, so IAM accepts only "*".',
};

/** The resource as cdk-nag prints it in a finding id: `{partition}` becomes `<AWS::Partition>`, etc. */
export function nagResource(template: string): string {
  return template
    .replaceAll('{partition}', '<AWS::Partition>')
    .replaceAll('{region}', '<AWS::Region>')
    .replaceAll('{account}', '<AWS::AccountId>');
}

/** Acknowledges AwsSolutions-IAM5 for each wildcard resource the permissions use, with its reason. */
export function acknowledgeWildcards(scope: IConstruct, permissions: readonly Permission[]): void {
  const wildcards = new Set(permissions.flatMap((p) => p.resources).filter((r) => r.includes('*')));
  for (const resource of wildcards) {
    const reason = WILDCARD_REASONS[resource];
    if (reason === undefined) throw new Error(`no acknowledgement reason for wildcard resource ${resource}`);
    Validations.of(scope).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagResource(resource)}]`,
      reason,
    });
  }
}
