/**
 * The rules the CDK stack deploys, on the sandbox's bus: Security Hub findings (ASFF and OCSF) and the
 * custom action, each targeting the remediation state machine with the whole event as execution input.
 */
import {
  asffImportedPattern,
  customActionArn,
  customActionPattern,
  ocsfImportedPattern,
} from '../../domain/event-patterns.ts';
import { partitionOf } from '../../domain/findings/index.ts';
import type { EventPattern } from '../../domain/pattern-match.ts';
import type { StepFunctionsEngine } from '../stepfunctions/index.ts';
import { type BusRule, EventBus, type RuleTarget } from './bus.ts';

export interface Sm5RuleSpec {
  readonly name: string;
  readonly pattern: EventPattern;
}

/** The three rules for an account and region, named as the stack's constructs (infra/constructs/finding-triggers.ts). */
export function sm5RuleSpecs(scope: { account: string; region: string }): Sm5RuleSpec[] {
  const actionArn = customActionArn(partitionOf(scope.region), scope.region, scope.account);
  return [
    { name: 'AsffFindingImported', pattern: asffImportedPattern(scope) },
    { name: 'OcsfFindingImported', pattern: ocsfImportedPattern(scope) },
    { name: 'CustomActionInvoked', pattern: customActionPattern(actionArn) },
  ];
}

/** A Step Functions target: StartExecution with the event as input; EventBridge cannot name executions. */
export function startExecutionTarget(engine: StepFunctionsEngine, stateMachineArn: string): RuleTarget {
  return {
    id: stateMachineArn,
    deliver: async (event) => {
      const { executionArn } = await engine.startExecution(stateMachineArn, { input: JSON.stringify(event) });
      return executionArn;
    },
  };
}

/** Adds sm5's rules to `bus`, each with the state machine as its target. */
export function routeSm5Events(
  bus: EventBus,
  engine: StepFunctionsEngine,
  stateMachineArn: string,
  scope: { account: string; region: string },
): BusRule[] {
  const target = startExecutionTarget(engine, stateMachineArn);
  return sm5RuleSpecs(scope).map((spec) => bus.putRule(spec.name, spec.pattern, [target]));
}

/** A bus for the sandbox's account with sm5's rules routed to the state machine. */
export function sm5EventBus(
  sandbox: { account: string; region: string; clock: { now(): number }; stepFunctions: StepFunctionsEngine },
  stateMachineArn: string,
): EventBus {
  const bus = new EventBus({
    account: sandbox.account,
    region: sandbox.region,
    now: () => sandbox.clock.now(),
  });
  routeSm5Events(bus, sandbox.stepFunctions, stateMachineArn, sandbox);
  return bus;
}
