/** Static checks of workflows/remediate-model.asl.json: valid ASL, known error names, sound retries, placeholders. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { ERROR_NAMES, TRANSIENT_ERROR_NAMES } from '../../src/domain/errors.ts';
import {
  placeholdersIn,
  substitutePlaceholders,
  WORKFLOW_PLACEHOLDERS,
} from '../../src/domain/workflow/placeholders.ts';
import { WORKFLOW_FUNCTIONS } from '../../src/domain/workflow-functions.ts';
import { WORKFLOW_DEFINITION_URL } from '../../src/local/workflow/register.ts';
import { harness } from './helpers.ts';

const text = readFileSync(WORKFLOW_DEFINITION_URL, 'utf8');
const AWS_DEFINED = ['States.', 'Lambda.', 'DynamoDB.'];
/** The aws-sdk:sfn:describeExecution errors the lock states handle (Step Functions' naming for SDK tasks). */
const SFN_SDK_ERRORS = ['Sfn.ExecutionDoesNotExistException', 'Sfn.SfnException'];

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
const JsonValue: z.ZodType<Json> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(JsonValue),
    z.record(z.string(), JsonValue),
  ]),
);
const Retrier = z.looseObject({ ErrorEquals: z.array(z.string()) });

/** Every object in the definition, with the key it sits under. */
function objects(value: Json, key = ''): { key: string; value: { [key: string]: Json } }[] {
  if (Array.isArray(value)) return value.flatMap((item) => objects(item, key));
  if (value === null || typeof value !== 'object') return [];
  return [{ key, value }, ...Object.entries(value).flatMap(([k, v]) => objects(v, k))];
}

function sandboxValues() {
  const arn = (name: string) => `arn:aws:lambda:us-east-1:111122223333:function:sm5-${name}`;
  return {
    NormalizeFunctionArn: arn('normalize'),
    PlanFunctionArn: arn('plan'),
    CloneModelFunctionArn: arn('clone-model'),
    CreateEndpointConfigFunctionArn: arn('create-endpoint-config'),
    SwitchEndpointFunctionArn: arn('switch-endpoint'),
    CheckEndpointFunctionArn: arn('check-endpoint'),
    RetireFunctionArn: arn('retire'),
    RecordOutcomeFunctionArn: arn('record-outcome'),
    LockTableName: 'sm5-locks',
    NotificationTopicArn: 'arn:aws:sns:us-east-1:111122223333:sm5-notifications',
    DefaultMode: 'approval',
  };
}

const definition = JsonValue.parse(JSON.parse(text));
const everything = objects(definition);
const retriers = everything.filter((o) => o.key === 'Retry').map((o) => Retrier.parse(o.value));
const catchers = everything.filter((o) => o.key === 'Catch').map((o) => Retrier.parse(o.value));

describe('the workflow definition', () => {
  it('passes asl-validator, ARNs and paths included, once its placeholders are substituted', () => {
    // Prepare: the validator is CommonJS without types; its answer is parsed like any foreign payload
    const validate: unknown = createRequire(import.meta.url)('asl-validator');
    const substituted: unknown = JSON.parse(substitutePlaceholders(text, sandboxValues()));

    // Act
    const result = z
      .object({ isValid: z.boolean(), errors: z.array(z.unknown()) })
      .parse(
        typeof validate === 'function' ? validate(substituted, { checkArn: true, checkPaths: true }) : {},
      );

    // Assess
    expect(result.errors).toEqual([]);
    expect(result.isValid).toBe(true);
  });

  it('names only errors that exist: the domain errors and the AWS-defined States, Lambda, DynamoDB and Sfn ones', () => {
    const names = [...retriers, ...catchers].flatMap((r) => r.ErrorEquals);
    const unknown = names.filter(
      (n) =>
        !ERROR_NAMES.includes(n) && !SFN_SDK_ERRORS.includes(n) && !AWS_DEFINED.some((p) => n.startsWith(p)),
    );
    expect(names.length).toBeGreaterThan(20);
    expect(unknown).toEqual([]);
  });

  it('retries only transient errors: never States.ALL, never a permanent domain error', () => {
    const retried = retriers.flatMap((r) => r.ErrorEquals);
    expect(retried).not.toContain('States.ALL');
    expect(retried).not.toContain('States.TaskFailed');
    const permanent = retried.filter((n) => ERROR_NAMES.includes(n) && !TRANSIENT_ERROR_NAMES.includes(n));
    expect(permanent).toEqual([]);
  });

  it('uses exactly the declared placeholders, and every Lambda task names one of the functions', () => {
    expect(placeholdersIn(text).sort()).toEqual([...WORKFLOW_PLACEHOLDERS].sort());
    const functionPlaceholders = WORKFLOW_FUNCTIONS.map((fn) => `\${${fn.placeholder}}`);
    const lambdaResources = everything
      .filter((o) => o.value.Type === 'Task' && typeof o.value.Resource === 'string')
      .map((o) => String(o.value.Resource))
      .filter((r) => !r.startsWith('arn:aws:states:::'));
    expect(new Set(lambdaResources)).toEqual(new Set(functionPlaceholders));
  });

  it('refuses to substitute a definition with a placeholder it has no value for', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the ASL placeholder syntax, not a template
    const extended = text.replace('"StartAt"', '"Version": "${WorkflowVersion}", "StartAt"');
    expect(() => substitutePlaceholders(extended, sandboxValues())).toThrow(/WorkflowVersion/);
  });

  it('is registered in the sandbox with every placeholder substituted', async () => {
    // Prepare
    const h = await harness({});

    // Act
    const registered = h.sb.stepFunctions.describeStateMachine(h.workflow.stateMachineArn);

    // Assess
    expect(registered.name).toBe('sm5-remediate-model');
    expect(Object.keys(h.workflow.substitutions).sort()).toEqual([...WORKFLOW_PLACEHOLDERS].sort());
    expect(placeholdersIn(registered.definition ?? '')).toEqual([]);
  });
});
