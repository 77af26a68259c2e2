/**
 * Which model an execution is about, read from what DescribeExecution returns: the state the workflow
 * ended with (its `request`, or a duplicate's `modelArn`) when there is one, else the input: `sm5 start`'s
 * own form, or the Security Hub event's findings. ListExecutions cannot filter on input, so the CLI finds a
 * model's runs this way.
 */
import * as z from 'zod';
import { MODEL_ARN_PATTERN } from '../../domain/names.ts';

const Output = z.looseObject({
  request: z.looseObject({ modelArn: z.string() }).optional(),
  modelArn: z.string().optional(),
});

const CliInput = z.looseObject({
  sm5: z.looseObject({
    request: z.looseObject({ modelArn: z.string().optional(), modelName: z.string().optional() }).optional(),
    event: z.unknown().optional(),
  }),
});

const Resource = z.looseObject({
  Id: z.unknown().optional(),
  uid: z.unknown().optional(),
  uid_alt: z.unknown().optional(),
});
const EventInput = z.looseObject({
  detail: z.looseObject({
    findings: z.array(
      z.looseObject({
        Resources: z.array(Resource).optional(),
        resources: z.array(Resource).optional(),
      }),
    ),
  }),
});

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function modelArns(values: readonly unknown[]): string[] {
  return values.filter(
    (value): value is string => typeof value === 'string' && MODEL_ARN_PATTERN.test(value),
  );
}

/** `arn:<partition>:states:<region>:<account>:execution:...` → the model ARN prefix of the same account. */
function modelArnFromName(executionArn: string, name: string): string | undefined {
  const [, partition, , region, account] = executionArn.split(':');
  if (partition === undefined || region === undefined || account === undefined) return undefined;
  return `arn:${partition}:sagemaker:${region}:${account}:model/${name.toLowerCase()}`;
}

/** The model ARNs (lowercased) an execution is about; empty when its input names none. */
export function modelArnsOfExecution(execution: {
  executionArn?: string;
  input?: string;
  output?: string;
}): string[] {
  const output = Output.safeParse(parseJson(execution.output));
  if (output.success) {
    const arn = output.data.request?.modelArn ?? output.data.modelArn;
    if (arn !== undefined) return [arn.toLowerCase()];
  }
  let input = parseJson(execution.input);
  const cli = CliInput.safeParse(input);
  if (cli.success) {
    const { request, event } = cli.data.sm5;
    if (request?.modelArn !== undefined) return [request.modelArn.toLowerCase()];
    if (request?.modelName !== undefined) {
      const fromName = modelArnFromName(execution.executionArn ?? '', request.modelName);
      return fromName === undefined ? [] : [fromName];
    }
    input = event;
  }
  const event = EventInput.safeParse(input);
  if (!event.success) return [];
  const resources = event.data.detail.findings.flatMap((finding) => [
    ...(finding.Resources ?? []),
    ...(finding.resources ?? []),
  ]);
  const arns = modelArns(resources.flatMap((resource) => [resource.Id, resource.uid_alt, resource.uid]));
  return [...new Set(arns.map((arn) => arn.toLowerCase()))];
}
