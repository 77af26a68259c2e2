/**
 * One line per step of the remediation workflow saying what it decided or touched, read from the step's
 * result, output or error. Steps this file does not know get their error, or nothing.
 */
import type { HistoryStep } from './history-steps.ts';
import { at, list, num, parseJsonText, str } from './loose-json.ts';

/** An execution ARN's last part, its name, which is what people compare. */
function shortExecution(arn: string): string {
  return arn.split(':').at(-1) ?? arn;
}

function clip(text: string, max = 140): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

/** The message of a Lambda error's Cause (JSON with errorMessage), else the cause itself. */
function causeText(cause: string): string {
  const parsed = parseJsonText(cause);
  return str(at(parsed, 'errorMessage')) ?? str(at(parsed, 'reason')) ?? cause;
}

function lastFailure(step: HistoryStep): string | undefined {
  const failure = step.failures.at(-1);
  if (failure === undefined || !step.lastAttemptFailed) return undefined;
  const cause = causeText(failure.cause);
  return cause === '' ? failure.error : `${failure.error}: ${cause}`;
}

function retried(step: HistoryStep): string {
  const retries = step.attempts - 1;
  return retries > 0 ? ` (after ${retries} retr${retries === 1 ? 'y' : 'ies'})` : '';
}

function normalize(step: HistoryStep): string {
  const request = at(step.result, 'request');
  const name = str(at(request, 'modelName')) ?? 'unknown model';
  const trigger = str(at(request, 'trigger'));
  const mode = str(at(step.result, 'run', 'mode'));
  const facts = [trigger && `trigger ${trigger}`, mode && `mode ${mode}`].filter(Boolean).join(', ');
  return `model ${name}${facts ? ` (${facts})` : ''}`;
}

function plan(step: HistoryStep): string {
  const verdict = str(at(step.result, 'verdict'));
  if (verdict === undefined) return '';
  const reason = str(list(at(step.result, 'reasons'))[0]);
  const approval = at(step.result, 'needsApproval') === true ? '; needs approval' : '';
  const risks = list(at(step.result, 'risks')).length;
  const riskText = risks > 0 ? ` (${risks} risk${risks === 1 ? '' : 's'})` : '';
  return `verdict ${verdict}${approval}${riskText}${reason ? `: ${reason}` : ''}`;
}

function approval(step: HistoryStep): string {
  const failure = step.failures.at(-1);
  if (step.status === 'running') return 'waiting for sm5 approve | sm5 reject';
  if (step.lastAttemptFailed && failure !== undefined) {
    if (failure.error === 'ApprovalRejectedError') {
      const cause = parseJsonText(failure.cause);
      const by = str(at(cause, 'approver'));
      const reason = str(at(cause, 'reason')) ?? failure.cause;
      return `rejected${by ? ` by ${by}` : ''}: ${reason}`;
    }
    if (failure.error === 'States.Timeout') {
      const seconds = num(at(step.parameters, 'TimeoutSeconds'));
      return `no answer in time${seconds ? ` (${seconds} s)` : ''}: nothing changed`;
    }
    return lastFailure(step) ?? '';
  }
  const by = str(at(step.result, 'approver'));
  const comment = str(at(step.result, 'comment'));
  return `approved${by ? ` by ${by}` : ''}${comment ? `: "${comment}"` : ''}`;
}

function cloneModel(step: HistoryStep): string {
  const name = str(at(step.result, 'cloneModelName'));
  if (name === undefined) return '';
  const source = str(at(step.result, 'sourceModelName'));
  const verb = str(at(step.result, 'action')) === 'exists' ? 'reused' : 'created';
  return `${verb} model ${name} with network isolation${source ? ` (clone of ${source})` : ''}`;
}

function createEndpointConfig(step: HistoryStep): string {
  const config = str(at(step.result, 'newConfigName'));
  const previous = str(at(step.result, 'previousConfigName'));
  const action = str(at(step.result, 'action'));
  if (
    config === undefined ||
    (action !== 'created' && action !== 'exists' && action !== 'already-switched')
  ) {
    return str(at(step.result, 'detail')) ?? '';
  }
  const verb = action === 'exists' ? 'reused' : action === 'already-switched' ? 'already on' : 'created';
  return `${verb} config ${config}${previous ? ` (replaces ${previous})` : ''}`;
}

function switchEndpoint(step: HistoryStep): string {
  const to = str(at(step.result, 'newConfigName'));
  const action = str(at(step.result, 'action'));
  if (to === undefined) return '';
  if (action === 'already-on-new-config') return `already on ${to}`;
  if (action === 'already-updating') return `already updating to ${to}`;
  return `UpdateEndpoint to ${to}`;
}

function check(step: HistoryStep): string {
  const state = str(at(step.result, 'state'));
  const status = str(at(step.result, 'status'));
  if (state === 'done') {
    const waited = num(at(step.result, 'waitedSeconds'));
    const config = str(at(step.result, 'newConfigName'));
    return `InService on ${config ?? 'the new config'}${waited === undefined ? '' : ` after ${waited} s`}`;
  }
  if (state === 'pending') {
    const wait = num(at(step.result, 'nextWaitSeconds'));
    return `${status ?? 'pending'}${wait === undefined ? '' : `; next check in ${wait} s`}`;
  }
  return '';
}

function waitStep(step: HistoryStep): string {
  if (step.enteredAt === undefined || step.exitedAt === undefined) return '';
  return `waited ${Math.round((step.exitedAt.getTime() - step.enteredAt.getTime()) / 1000)} s`;
}

function switched(step: HistoryStep): string {
  const config = at(step.output, 'config');
  const action = str(at(config, 'action'));
  const from = str(at(config, 'previousConfigName'));
  const to = str(at(config, 'newConfigName'));
  if (action !== 'created' && action !== 'exists' && action !== 'already-switched') {
    return str(at(config, 'detail')) ?? 'nothing to switch';
  }
  return `switched${from ? ` from ${from}` : ''}${to ? ` to ${to}` : ''}`;
}

function failureText(error: unknown): string {
  const name = str(at(error, 'Error'));
  const cause = str(at(error, 'Cause'));
  return [name, cause && causeText(cause)].filter(Boolean).join(': ');
}

function notSwitched(step: HistoryStep): string {
  const text = failureText(at(step.output, 'error'));
  return `not switched${text ? `: ${text}` : ''}`;
}

function retire(step: HistoryStep): string {
  const resources = list(at(step.result, 'resources'));
  const parts = resources.flatMap((resource) => {
    const name = str(at(resource, 'name'));
    if (name === undefined) return [];
    return [`${str(at(resource, 'action')) ?? 'retired'} ${str(at(resource, 'type')) ?? 'resource'} ${name}`];
  });
  const mode = str(at(step.result, 'mode'));
  return `${mode ? `${mode}: ` : ''}${parts.join(', ') || 'nothing to retire'}`;
}

function record(step: HistoryStep): string {
  const status = str(at(step.result, 'status'));
  const outcome = str(at(step.result, 'outcome'));
  if (status === undefined) return '';
  if (at(step.result, 'recorded') === false) return `${outcome ?? 'recorded'}: no finding to update`;
  return `${outcome ?? 'recorded'}: finding ${status}`;
}

function lock(step: HistoryStep, what: string): string {
  const failure = step.failures.at(-1);
  if (step.lastAttemptFailed && failure?.error === 'DynamoDB.ConditionalCheckFailedException') {
    return `${what} is locked by another run`;
  }
  return step.status === 'succeeded' ? `${what} locked for this run${retried(step)}` : '';
}

function unlock(step: HistoryStep, what: string): string {
  return step.status === 'succeeded' || step.status === 'caught' ? `${what} lock released` : '';
}

function lockHolder(step: HistoryStep): string {
  const owner = str(at(step.output, 'lockOwner', 'Item', 'owner', 'S'));
  return owner ? `held by ${shortExecution(owner)}` : '';
}

function lockOwnerStatus(step: HistoryStep): string {
  const status = str(at(step.output, 'lockOwner', 'run', 'status'));
  if (status !== undefined)
    return status === 'RUNNING' ? 'its owner is still running' : `its owner ended ${status}`;
  return step.failures.at(-1)?.error === 'Sfn.ExecutionDoesNotExistException'
    ? 'its owner no longer exists'
    : '';
}

function takeOver(step: HistoryStep, what: string): string {
  const dead = str(at(step.parameters, 'ExpressionAttributeValues', ':dead', 'S'));
  const from = dead ? ` from ${shortExecution(dead)}` : '';
  return step.status === 'succeeded' ? `${what} lock taken over${from}, which left it behind` : '';
}

function duplicate(step: HistoryStep): string {
  const of = str(at(step.output, 'duplicateOf'));
  return `duplicate of ${of ? shortExecution(of) : 'another run'}: this run changes nothing`;
}

const DETAILS: Readonly<Record<string, (step: HistoryStep) => string>> = {
  Normalize: normalize,
  LockModel: (step) => lock(step, 'model'),
  ReadLockOwner: lockHolder,
  CheckLockOwner: lockOwnerStatus,
  TakeOverModelLock: (step) => takeOver(step, 'model'),
  Duplicate: duplicate,
  Plan: plan,
  RequestApproval: approval,
  CloneModel: cloneModel,
  LockEndpoint: (step) => lock(step, 'endpoint'),
  ReadEndpointLockOwner: lockHolder,
  CheckEndpointLockOwner: lockOwnerStatus,
  TakeOverEndpointLock: (step) => takeOver(step, 'endpoint'),
  CreateEndpointConfig: createEndpointConfig,
  SwitchEndpoint: switchEndpoint,
  WaitForEndpoint: waitStep,
  NotifyOutcome: (step) => (step.status === 'succeeded' ? 'outcome sent to the notification topic' : ''),
  NotifyFailure: (step) => (step.status === 'succeeded' ? 'failure sent to the notification topic' : ''),
  CheckEndpoint: check,
  UnlockEndpoint: (step) => unlock(step, 'endpoint'),
  UnlockEndpointAfterFailure: (step) => unlock(step, 'endpoint'),
  EndpointSwitched: switched,
  EndpointNotSwitched: notSwitched,
  Retire: retire,
  UnlockModel: (step) => unlock(step, 'model'),
  UnlockModelAfterFailure: (step) => unlock(step, 'model'),
};

// Steps whose detail explains their own failure (a rejection, a lock held by another run, an owner gone).
const EXPLAINS_FAILURE = new Set([
  'RequestApproval',
  'LockModel',
  'LockEndpoint',
  'CheckLockOwner',
  'CheckEndpointLockOwner',
]);

export function stepDetail(step: HistoryStep): string {
  const failure = lastFailure(step);
  if (failure !== undefined && !EXPLAINS_FAILURE.has(step.name)) return clip(failure);
  const recording = str(at(step.parameters, 'input', 'phase')) !== undefined;
  const known = DETAILS[step.name] ?? (recording ? record : undefined);
  const detail = known?.(step) ?? '';
  if (detail !== '') return clip(detail);
  return failure === undefined ? '' : clip(failure);
}
