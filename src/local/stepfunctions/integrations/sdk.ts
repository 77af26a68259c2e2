/**
 * The AWS SDK integrations the workflow uses (`arn:aws:states:::aws-sdk:<service>:<action>`), as a real call
 * against the sandbox. Step Functions takes and returns the API's members in PascalCase, and names a failure
 * `<Service>.<Code>` with an `Exception` suffix (so `ExecutionDoesNotExist` becomes
 * `Sfn.ExecutionDoesNotExistException`); errors the API does not model, throttling included, are
 * `Sfn.SfnException`.
 */
import { DescribeExecutionCommand, type SFNClient, SFNServiceException } from '@aws-sdk/client-sfn';
import * as z from 'zod';
import { type JsonValue, parseJson } from '../json.ts';
import type { SdkService } from '../resources.ts';
import { sdkMetadata } from './sdk-metadata.ts';
import { TaskError } from './task-error.ts';

export interface SdkClients {
  sfn(): SFNClient;
}

const DescribeExecutionParameters = z.strictObject({ ExecutionArn: z.string().min(1).max(256) });

/** What DescribeExecution can fail with, as the Step Functions API models it. */
const SFN_MODELED_ERRORS: ReadonlySet<string> = new Set([
  'ExecutionDoesNotExist',
  'InvalidArn',
  'KmsAccessDeniedException',
  'KmsInvalidStateException',
  'KmsThrottlingException',
]);

export async function callSdk(
  clients: SdkClients,
  service: SdkService,
  action: string,
  parameters: JsonValue,
): Promise<JsonValue> {
  if (service !== 'sfn' || action !== 'describeExecution') {
    throw new TaskError('States.Runtime', `The sandbox does not run aws-sdk:${service}:${action}`);
  }
  const input = DescribeExecutionParameters.safeParse(parameters);
  if (!input.success) {
    const problems = input.error.issues.map((i) => `${i.path.join('.') || '(parameters)'}: ${i.message}`);
    throw new TaskError(
      'Sfn.SfnException',
      `Invalid parameters for DescribeExecution: ${problems.join('; ')}`,
    );
  }
  try {
    const { $metadata, ...output } = await clients
      .sfn()
      .send(new DescribeExecutionCommand({ executionArn: input.data.ExecutionArn }));
    return parseJson(
      JSON.stringify({
        ...pascalCase(output),
        ...sdkMetadata(
          $metadata.requestId ?? '',
          $metadata.httpStatusCode ?? 200,
          'application/x-amz-json-1.0',
        ),
      }),
    );
  } catch (error) {
    throw asTaskError(error);
  }
}

/** `{ executionArn, startDate }` → `{ ExecutionArn, StartDate }`, one level deep as DescribeExecution needs. */
function pascalCase(output: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(output)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [key.charAt(0).toUpperCase() + key.slice(1), value]),
  );
}

function asTaskError(error: unknown): TaskError {
  if (error instanceof SFNServiceException) {
    const code = error.name;
    const name = SFN_MODELED_ERRORS.has(code)
      ? `Sfn.${code.endsWith('Exception') ? code : `${code}Exception`}`
      : 'Sfn.SfnException';
    return new TaskError(
      name,
      `${error.message} (Service: Sfn, Status Code: ${error.$metadata.httpStatusCode ?? 400}, Request ID: ${error.$metadata.requestId ?? ''})`,
    );
  }
  return new TaskError('Sfn.SfnException', error instanceof Error ? error.message : String(error));
}
