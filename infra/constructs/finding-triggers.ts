import * as cdk from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import {
  asffImportedPattern,
  CUSTOM_ACTION_DESCRIPTION,
  CUSTOM_ACTION_ID,
  CUSTOM_ACTION_NAME,
  customActionPattern,
  ocsfImportedPattern,
} from '../../src/domain/event-patterns.ts';
import type { EventPattern } from '../../src/domain/pattern-match.ts';
import { TARGET_RETRY } from './dead-letter-queue.ts';

/**
 * The domain's patterns are in EventBridge's JSON form; the L2 Rule wants camelCase top-level fields. The
 * mapping is one to one, and the template tests compare the result with the domain pattern.
 */
export function toCdkPattern(pattern: EventPattern): events.EventPattern {
  const { source, 'detail-type': detailType, resources, detail, ...rest } = pattern;
  const extra = Object.keys(rest);
  if (extra.length > 0) throw new Error(`event pattern field(s) ${extra.join(', ')} have no mapping`);
  const list = (value: unknown): string[] | undefined =>
    Array.isArray(value) ? value.map(String) : undefined;
  const cdk: { -readonly [K in keyof events.EventPattern]: events.EventPattern[K] } = {};
  const sources = list(source);
  const detailTypes = list(detailType);
  const resourceList = list(resources);
  if (sources) cdk.source = sources;
  if (detailTypes) cdk.detailType = detailTypes;
  if (resourceList) cdk.resources = resourceList;
  if (detail !== undefined && !Array.isArray(detail)) cdk.detail = { ...detail };
  return cdk;
}

export interface FindingTriggersProps {
  readonly stateMachine: sfn.IStateMachine;
  readonly deadLetterQueue: sqs.IQueue;
}

/**
 * What starts a run: the Security Hub events (ASFF and OCSF) for a new failed SageMaker.5 finding, and the
 * "sm5 remediate" custom action for on-demand runs. Each rule retries delivery and keeps what it could not
 * deliver in the dead-letter queue.
 */
export class FindingTriggers extends Construct {
  readonly customAction: securityhub.CfnActionTarget;
  readonly rules: {
    readonly asff: events.Rule;
    readonly ocsf: events.Rule;
    readonly customAction: events.Rule;
  };

  constructor(scope: Construct, id: string, props: FindingTriggersProps) {
    super(scope, id);

    this.customAction = new securityhub.CfnActionTarget(this, 'CustomAction', {
      id: CUSTOM_ACTION_ID,
      name: CUSTOM_ACTION_NAME,
      description: CUSTOM_ACTION_DESCRIPTION,
    });

    const target = () =>
      new targets.SfnStateMachine(props.stateMachine, {
        deadLetterQueue: props.deadLetterQueue,
        retryAttempts: TARGET_RETRY.attempts,
        maxEventAge: TARGET_RETRY.maxEventAge,
      });
    // The findings of this deployment's own account and region only (see DeploymentScope).
    const { account, region } = cdk.Stack.of(this);
    const deployment = { account, region };
    const rule = (ruleId: string, description: string, pattern: EventPattern) =>
      new events.Rule(this, ruleId, {
        description,
        eventPattern: toCdkPattern(pattern),
        targets: [target()],
      });

    this.rules = {
      asff: rule(
        'AsffFindingImported',
        'sm5: a new, failed, active SageMaker.5 finding (ASFF) starts a remediation',
        asffImportedPattern(deployment),
      ),
      ocsf: rule(
        'OcsfFindingImported',
        'sm5: a new, failed SageMaker.5 finding (OCSF, Security Hub v2) starts a remediation',
        ocsfImportedPattern(deployment),
      ),
      customAction: rule(
        'CustomActionInvoked',
        'sm5: the "sm5 remediate" custom action starts a remediation for the chosen finding',
        customActionPattern(this.customAction.attrActionTargetArn),
      ),
    };
  }
}
