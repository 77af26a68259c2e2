/**
 * Turns an ASL definition into what the sandbox runs: the original (validated as CreateStateMachine would),
 * an index of every state, and a copy rewritten for aws-local-stepfunctions so that time-dependent parts run
 * on the sandbox clock instead of the library's `setTimeout`s:
 * - Wait states become Tasks whose local handler sleeps on the sandbox clock (the history still says Wait);
 * - Task timeouts, heartbeats and retries are taken over by the sandbox (the library's own default 60 s
 *   timeout would otherwise cut approvals short), so they are removed from the copy;
 * - the machine-level TimeoutSeconds likewise;
 * - `$$.Execution.StartTime` is redirected, because the library overwrites that context field with the
 *   real time when a run starts.
 */
import './polyfill.ts';
import { StateMachine as LocalStateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { ServiceError } from '../service.ts';
import { isJsonObject, type JsonObject, type JsonValue, parseJson } from './json.ts';
import { parseTaskResource, SUPPORTED_RESOURCES, type TaskResource } from './resources.ts';

export const STATE_TYPES = ['Task', 'Parallel', 'Map', 'Pass', 'Wait', 'Choice', 'Succeed', 'Fail'] as const;
export type StateType = (typeof STATE_TYPES)[number];

export interface StateInfo {
  readonly name: string;
  readonly type: StateType;
  /** The state exactly as written in the definition. */
  readonly definition: JsonObject;
  readonly resource?: TaskResource;
}

export interface PreparedDefinition {
  /** The definition text as the caller gave it, for DescribeStateMachine. */
  readonly text: string;
  /** Every state, nested ones included (the service requires unique names across the machine). */
  readonly states: ReadonlyMap<string, StateInfo>;
  /** The copy handed to aws-local-stepfunctions (see the file comment). */
  readonly runnable: StateMachineDefinition;
  readonly timeoutSeconds?: number;
}

/** The Resource given to Wait states in the runnable copy; never reaches the wire. */
const SANDBOX_WAIT_RESOURCE = 'arn:aws:states:::sandbox:wait';
/** The largest delay `setTimeout` accepts, in seconds: the library keeps a timer per Task. */
const LIBRARY_TIMER_CEILING_SECONDS = 2_147_483;
export const SANDBOX_START_TIME_FIELD = 'SandboxStartTime';

function invalidDefinition(detail: string): ServiceError {
  return new ServiceError('InvalidDefinition', `Invalid State Machine Definition: '${detail}'`);
}

export function prepareDefinition(text: string): PreparedDefinition {
  let parsed: JsonValue;
  try {
    parsed = parseJson(text);
  } catch (error) {
    throw invalidDefinition(
      `INVALID_JSON_DESCRIPTION: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!isJsonObject(parsed))
    throw invalidDefinition('SCHEMA_VALIDATION_FAILED: the definition must be an object');
  if (parsed.QueryLanguage === 'JSONata') {
    throw invalidDefinition('SCHEMA_VALIDATION_FAILED: the sandbox runs JSONPath state machines only');
  }
  const problem = validationProblem(text, parsed);
  if (problem !== undefined) throw invalidDefinition(`SCHEMA_VALIDATION_FAILED: ${problem}`);
  const states = new Map<string, StateInfo>();
  indexStates(parsed, '', states);
  const runnable = rewriteMachine(parsed);
  const timeoutSeconds = typeof parsed.TimeoutSeconds === 'number' ? parsed.TimeoutSeconds : undefined;
  return { text, states, runnable: asLibraryDefinition(runnable), timeoutSeconds };
}

// asl-validator compiles its JSON schemas on every call (100 ms and more), and tests register the same
// definition again and again: remember the verdict per definition text.
const verdicts = new Map<string, string | undefined>();

function validationProblem(text: string, parsed: JsonObject): string | undefined {
  if (verdicts.has(text)) return verdicts.get(text);
  // The validator writes default fields into what it checks, hence the copy.
  const copy = structuredClone(parsed);
  let problem: string | undefined;
  if (!isLibraryDefinition(copy)) {
    problem = 'the definition needs StartAt and States';
  } else {
    try {
      // The library's constructor runs asl-validator with ARN and path checks.
      new LocalStateMachine(copy);
    } catch (error) {
      problem = error instanceof Error ? error.message.replace(/\s+/g, ' ') : String(error);
    }
  }
  verdicts.set(text, problem);
  return problem;
}

// asl-validator has checked the whole structure by the time this guard runs; it only narrows the type.
function isLibraryDefinition(value: JsonObject): value is JsonObject & StateMachineDefinition {
  return typeof value.StartAt === 'string' && isJsonObject(value.States);
}

function asLibraryDefinition(value: JsonObject): StateMachineDefinition {
  if (!isLibraryDefinition(value)) {
    throw invalidDefinition('SCHEMA_VALIDATION_FAILED: the definition needs StartAt and States');
  }
  return value;
}

function isStateType(value: JsonValue | undefined): value is StateType {
  return STATE_TYPES.some((type) => type === value);
}

function nestedMachines(state: JsonObject): JsonObject[] {
  const machines: JsonObject[] = [];
  for (const key of ['ItemProcessor', 'Iterator'] as const) {
    const machine = state[key];
    if (isJsonObject(machine)) machines.push(machine);
  }
  const branches = state.Branches;
  if (Array.isArray(branches)) machines.push(...branches.filter(isJsonObject));
  return machines;
}

function indexStates(machine: JsonObject, path: string, into: Map<string, StateInfo>): void {
  const states = machine.States;
  if (!isJsonObject(states)) return;
  for (const [name, state] of Object.entries(states)) {
    const where = `${path}/States/${name}`;
    if (!isJsonObject(state) || !isStateType(state.Type)) {
      throw invalidDefinition(`SCHEMA_VALIDATION_FAILED: unknown state type at ${where}`);
    }
    if (into.has(name))
      throw invalidDefinition(`DUPLICATE_STATE_NAME: Duplicate State name: ${name} at ${where}`);
    if (state.QueryLanguage === 'JSONata') {
      throw invalidDefinition(
        `SCHEMA_VALIDATION_FAILED: the sandbox runs JSONPath states only, not ${where}`,
      );
    }
    let resource: TaskResource | undefined;
    if (state.Type === 'Task') {
      const arn = typeof state.Resource === 'string' ? state.Resource : '';
      resource = parseTaskResource(arn);
      if (resource === undefined) {
        throw invalidDefinition(
          `SCHEMA_VALIDATION_FAILED: the sandbox does not run the resource '${arn}' at ${where}/Resource. ` +
            `Supported: ${SUPPORTED_RESOURCES}`,
        );
      }
    }
    into.set(name, { name, type: state.Type, definition: state, resource });
    for (const [index, nested] of nestedMachines(state).entries())
      indexStates(nested, `${where}/${index}`, into);
  }
}

function rewriteMachine(machine: JsonObject): JsonObject {
  const { TimeoutSeconds: _machineTimeout, States: states, ...rest } = machine;
  const rewritten: JsonObject = {};
  if (isJsonObject(states)) {
    for (const [name, state] of Object.entries(states)) {
      rewritten[name] = isJsonObject(state) ? rewriteState(state) : state;
    }
  }
  return { ...redirectStartTime(rest), States: rewritten };
}

function rewriteState(state: JsonObject): JsonObject {
  if (state.Type === 'Wait') return waitAsTask(state);
  const copy: JsonObject = {};
  for (const [key, value] of Object.entries(state)) {
    if (key === 'ItemProcessor' || key === 'Iterator') {
      copy[key] = isJsonObject(value) ? rewriteMachine(value) : value;
    } else if (key === 'Branches' && Array.isArray(value)) {
      copy[key] = value.map((branch) => (isJsonObject(branch) ? rewriteMachine(branch) : branch));
    } else if (key === 'Catch' && Array.isArray(value)) {
      copy[key] = value.map(catchHeartbeatWithTimeout);
    } else {
      copy[key] = redirectStartTime(value, key);
    }
  }
  if (state.Type === 'Task') {
    for (const key of ['Retry', 'TimeoutSecondsPath', 'HeartbeatSeconds', 'HeartbeatSecondsPath'])
      delete copy[key];
    copy.TimeoutSeconds = LIBRARY_TIMER_CEILING_SECONDS;
  }
  return copy;
}

// A Wait has only InputPath/OutputPath around the pause; a Task without Parameters or ResultPath whose
// handler returns its input behaves the same.
function waitAsTask(state: JsonObject): JsonObject {
  const task: JsonObject = {
    Type: 'Task',
    Resource: SANDBOX_WAIT_RESOURCE,
    TimeoutSeconds: LIBRARY_TIMER_CEILING_SECONDS,
  };
  for (const key of ['InputPath', 'OutputPath', 'Next', 'End', 'Comment']) {
    const value = state[key];
    if (value !== undefined) task[key] = redirectStartTime(value, key);
  }
  return task;
}

// Real Step Functions matches a heartbeat timeout with both `States.HeartbeatTimeout` and `States.Timeout`;
// the library compares names exactly, so catchers of the latter also list the former.
function catchHeartbeatWithTimeout(catcher: JsonValue): JsonValue {
  if (!isJsonObject(catcher) || !Array.isArray(catcher.ErrorEquals)) return catcher;
  const errors = catcher.ErrorEquals;
  if (!errors.includes('States.Timeout') || errors.includes('States.HeartbeatTimeout')) return catcher;
  return { ...catcher, ErrorEquals: [...errors, 'States.HeartbeatTimeout'] };
}

const START_TIME_PATH = /\$\$\.Execution\.StartTime\b/g;

function isPathKey(key: string): boolean {
  return key.endsWith('.$') || key.endsWith('Path') || key === 'Variable';
}

function redirectStartTime<T extends JsonValue>(value: T, key?: string): T;
function redirectStartTime(value: JsonValue, key?: string): JsonValue {
  if (typeof value === 'string') {
    return key !== undefined && isPathKey(key)
      ? value.replace(START_TIME_PATH, `$$$$.Execution.${SANDBOX_START_TIME_FIELD}`)
      : value;
  }
  if (Array.isArray(value)) return value.map((item) => redirectStartTime(item, key));
  if (isJsonObject(value)) {
    const copy: JsonObject = {};
    for (const [childKey, child] of Object.entries(value))
      copy[childKey] = redirectStartTime(child, childKey);
    return copy;
  }
  return value;
}
