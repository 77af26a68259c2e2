/**
 * Task timeouts are enforced on the sandbox clock, but aws-local-stepfunctions decides whether
 * `States.TaskFailed` matches an error with `instanceof` on its own, unexported, `StatesTimeoutError`.
 * One throw-away run whose task times out after 1 ms hands us that class, so the sandbox's timeout errors
 * are matched exactly as the library's own (and the spec's) would be.
 */
import './polyfill.ts';
import { ExecutionError, StateMachine as LocalStateMachine } from 'aws-local-stepfunctions';

export type TimeoutErrorFactory = (
  name: 'States.Timeout' | 'States.HeartbeatTimeout',
  cause: string,
) => Error;

let factory: Promise<TimeoutErrorFactory> | undefined;

export function libraryTimeoutErrors(): Promise<TimeoutErrorFactory> {
  factory ??= probe();
  return factory;
}

async function probe(): Promise<TimeoutErrorFactory> {
  const machine = new LocalStateMachine(
    {
      StartAt: 'Probe',
      States: { Probe: { Type: 'Task', Resource: 'probe', TimeoutSeconds: 0.001, End: true } },
    },
    { validationOptions: { noValidate: true } },
  );
  const run = machine.run(
    {},
    { overrides: { taskResourceLocalHandlers: { Probe: () => new Promise(() => {}) } } },
  );
  let timeoutClass: unknown;
  try {
    await run.result;
  } catch (error) {
    if (error instanceof ExecutionError && error.cause instanceof Error)
      timeoutClass = error.cause.constructor;
  }
  if (typeof timeoutClass !== 'function') {
    throw new Error('aws-local-stepfunctions did not report a task timeout: its internals changed');
  }
  const timeoutConstructor = timeoutClass;
  return (name, cause) => {
    const error: unknown = Reflect.construct(timeoutConstructor, []);
    if (!(error instanceof Error)) throw new Error('aws-local-stepfunctions timeout error is not an Error');
    error.name = name;
    error.message = cause;
    return error;
  };
}
