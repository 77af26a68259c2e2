/**
 * The Step Functions wire API (AWS JSON 1.0, `X-Amz-Target: AWSStepFunctions.<Op>`) over the engine:
 * request validation with the service's messages, pagination tokens, and timestamps as epoch seconds.
 */
import * as z from 'zod';
import { jsonRpcService, type SandboxService, ServiceError } from '../service.ts';
import { listItem, type StepFunctionsEngine } from './engine.ts';

const STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'] as const;
const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;

const Arn = z.string().min(1).max(2048);
const Token = z.string().min(1).max(2048);
const Page = {
  maxResults: z.number().int().min(0).max(MAX_PAGE).optional(),
  nextToken: z.string().min(1).max(1024).optional(),
};

const CreateStateMachine = z.looseObject({
  name: z.string(),
  definition: z.string().min(1).max(1_048_576),
  roleArn: Arn,
  type: z.string().optional(),
});
const StateMachineArnInput = z.looseObject({ stateMachineArn: Arn });
const ExecutionArnInput = z.looseObject({ executionArn: Arn });
const ListStateMachines = z.looseObject(Page);
const StartExecution = z.looseObject({
  stateMachineArn: Arn,
  name: z.string().optional(),
  input: z.string().optional(),
});
const ListExecutions = z.looseObject({
  stateMachineArn: Arn,
  statusFilter: z.enum(STATUSES).optional(),
  ...Page,
});
const GetExecutionHistory = z.looseObject({
  executionArn: Arn,
  reverseOrder: z.boolean().optional(),
  includeExecutionData: z.boolean().optional(),
  ...Page,
});
const SendTaskSuccess = z.looseObject({ taskToken: Token, output: z.string().max(262_144) });
const SendTaskFailure = z.looseObject({
  taskToken: Token,
  error: z.string().max(256).optional(),
  cause: z.string().max(32_768).optional(),
});
const SendTaskHeartbeat = z.looseObject({ taskToken: Token });
const StopExecution = z.looseObject({
  executionArn: Arn,
  error: z.string().max(256).optional(),
  cause: z.string().max(32_768).optional(),
});

/** The service's validation error text: `1 validation error detected: Value null at 'x' failed to ...`. */
function parse<T>(schema: z.ZodType<T>, input: Record<string, unknown>): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const field = issue.path.join('.');
    const value = input[String(issue.path[0])];
    return value === undefined
      ? `Value null at '${field}' failed to satisfy constraint: Member must not be null`
      : `Value '${String(value)}' at '${field}' failed to satisfy constraint: ${issue.message}`;
  });
  throw new ServiceError(
    'ValidationException',
    `${problems.length} validation error${problems.length === 1 ? '' : 's'} detected: ${problems.join('; ')}`,
  );
}

/** JSON with `Date`s as epoch seconds, the JSON 1.0 timestamp format. */
function wire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(wire);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, child]) => child !== undefined)
        .map(([key, child]) => [key, wire(child)]),
    );
  }
  return value;
}

const TOKEN_PREFIX = 'sm5-sandbox-page:';

/**
 * A page of `items` (already in listing order) after the cursor in `nextToken`. `positionOf` gives each item
 * a stable position that increases along the listing order, so the next page is right even when items were
 * added, or left a filtered listing, in between.
 */
function page<T>(
  items: readonly T[],
  positionOf: (item: T, index: number) => number,
  request: { maxResults?: number; nextToken?: string },
): { items: T[]; nextToken?: string } {
  const size =
    request.maxResults === undefined || request.maxResults === 0 ? DEFAULT_PAGE : request.maxResults;
  const positioned = items.map((item, index) => ({ item, position: positionOf(item, index) }));
  let start = 0;
  if (request.nextToken !== undefined) {
    const decoded = Buffer.from(request.nextToken, 'base64').toString('utf8');
    const after = decoded.startsWith(TOKEN_PREFIX) ? Number(decoded.slice(TOKEN_PREFIX.length)) : Number.NaN;
    if (!Number.isInteger(after)) throw new ServiceError('InvalidToken', "Invalid Token: 'Invalid token'");
    start = positioned.findIndex(({ position }) => position > after);
    if (start < 0) start = positioned.length;
  }
  const slice = positioned.slice(start, start + size);
  const last = slice.at(-1);
  const more = start + size < positioned.length && last !== undefined;
  return {
    items: slice.map(({ item }) => item),
    nextToken: more ? Buffer.from(`${TOKEN_PREFIX}${last.position}`).toString('base64') : undefined,
  };
}

function withoutExecutionData(event: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(event).map(([key, value]) => {
      if (!key.endsWith('EventDetails') || typeof value !== 'object' || value === null) return [key, value];
      const { input: _input, output: _output, ...rest } = Object.fromEntries(Object.entries(value));
      return [key, rest];
    }),
  );
}

export function stepFunctionsService(engine: StepFunctionsEngine): SandboxService {
  return jsonRpcService({
    name: 'stepfunctions',
    targetPrefix: 'AWSStepFunctions',
    version: '1.0',
    operations: {
      CreateStateMachine: (input) => {
        const request = parse(CreateStateMachine, input);
        const machine = engine.createStateMachine(request);
        return wire({ stateMachineArn: machine.arn, creationDate: new Date(machine.createdAt) });
      },
      DescribeStateMachine: (input) => {
        const { stateMachineArn } = parse(StateMachineArnInput, input);
        return wire(engine.describeStateMachine(stateMachineArn));
      },
      ListStateMachines: (input) => {
        const request = parse(ListStateMachines, input);
        const { items, nextToken } = page(engine.listStateMachines(), (_machine, index) => index, request);
        return wire({ stateMachines: items, nextToken });
      },
      StartExecution: async (input) => {
        const { stateMachineArn, name, input: executionInput } = parse(StartExecution, input);
        return wire(await engine.startExecution(stateMachineArn, { name, input: executionInput }));
      },
      DescribeExecution: (input) => {
        const { executionArn } = parse(ExecutionArnInput, input);
        return wire(engine.describeExecution(executionArn));
      },
      ListExecutions: (input) => {
        const request = parse(ListExecutions, input);
        // The sandbox never redrives, so nothing is PENDING_REDRIVE.
        const { statusFilter } = request;
        const executions =
          statusFilter === 'PENDING_REDRIVE'
            ? []
            : engine.executionsOf(request.stateMachineArn, statusFilter);
        // Newest first, so positions count down the creation order.
        const { items, nextToken } = page(executions, (execution) => -execution.seq, request);
        return wire({ executions: items.map(listItem), nextToken });
      },
      GetExecutionHistory: (input) => {
        const request = parse(GetExecutionHistory, input);
        const events = [...engine.history(request.executionArn)];
        if (request.reverseOrder === true) events.reverse();
        const order = request.reverseOrder === true ? -1 : 1;
        const { items, nextToken } = page(events, (event) => order * (event.id ?? 0), request);
        const shown = request.includeExecutionData === false ? items.map(withoutExecutionData) : items;
        return wire({ events: shown, nextToken });
      },
      SendTaskSuccess: (input) => {
        const { taskToken, output } = parse(SendTaskSuccess, input);
        engine.sendTaskSuccess(taskToken, output);
        return {};
      },
      SendTaskFailure: (input) => {
        const { taskToken, error, cause } = parse(SendTaskFailure, input);
        engine.sendTaskFailure(taskToken, error, cause);
        return {};
      },
      SendTaskHeartbeat: (input) => {
        const { taskToken } = parse(SendTaskHeartbeat, input);
        engine.sendTaskHeartbeat(taskToken);
        return {};
      },
      StopExecution: async (input) => {
        const { executionArn, error, cause } = parse(StopExecution, input);
        return wire(await engine.stopExecution(executionArn, error, cause));
      },
    },
  });
}
