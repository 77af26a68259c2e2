/**
 * The plan records the clone's CreateModel request for reviewers, but the plan lands in the execution
 * history and logs, where a secret someone put in a container's Environment must not follow it.
 */
import type { CreateModelInput } from '@aws-sdk/client-sagemaker';
import { CloneModelRequest } from '../builders/shapes.ts';
import { REDACTED, SECRET_KEY } from '../preflight.ts';

function redactEnvironment(container: unknown): unknown {
  if (typeof container !== 'object' || container === null || !('Environment' in container)) return container;
  const environment = container.Environment;
  if (typeof environment !== 'object' || environment === null) return container;
  const redacted = Object.fromEntries(
    Object.entries(environment).map(([k, v]) => [k, SECRET_KEY.test(k) ? REDACTED : v]),
  );
  return { ...container, Environment: redacted };
}

export function auditCopyOfCloneRequest(input: CreateModelInput): CloneModelRequest {
  const copy = structuredClone(input);
  return CloneModelRequest.parse({
    ...copy,
    ...(copy.PrimaryContainer ? { PrimaryContainer: redactEnvironment(copy.PrimaryContainer) } : {}),
    ...(copy.Containers ? { Containers: copy.Containers.map(redactEnvironment) } : {}),
  });
}
