/**
 * What "needs the network at runtime" means inside the emulator: the reality sm5's preflight tries to
 * predict. An isolated container has no network and no AWS credentials, so these containers never pass
 * their health check once isolated. SageMaker itself still downloads ModelDataUrl/ModelDataSource, so
 * those never count.
 */
import type { ContainerDefinition } from './shapes.ts';

const FETCHES = /^\s*(s3|https?):\/\//i;

/** Reasons this environment cannot work without network access; empty when it can. */
export function environmentNetworkNeeds(environment: Readonly<Record<string, string>> | undefined): string[] {
  const reasons: string[] = [];
  for (const [key, value] of Object.entries(environment ?? {})) {
    if (FETCHES.test(value)) {
      reasons.push(`${key} fetches ${value.trim()} at startup`);
    } else if (key === 'HF_MODEL_ID' && value.trim() !== '' && !value.trim().startsWith('/')) {
      reasons.push(`HF_MODEL_ID downloads ${value.trim()} from the Hugging Face Hub at startup`);
    }
  }
  return reasons;
}

export function containersNetworkNeeds(containers: readonly ContainerDefinition[]): string[] {
  return containers.flatMap((c) => environmentNetworkNeeds(c.Environment));
}
