/**
 * What network isolation may break, read from a model's containers before anything changes. An isolated
 * container has no network and no AWS credentials; SageMaker still downloads ModelDataUrl/ModelDataSource
 * (and model packages, which Marketplace even requires to be isolated) before the container starts, so those
 * are safe. The risks are in what the container does at runtime, which only its Environment hints at.
 * A risk does not block the fix: it makes the plan need a human's approval.
 */
import type { ContainerDefinition } from '@aws-sdk/client-sagemaker';
import { NonEmptyString } from './names.ts';
import * as z from './zod.ts';

export const Risk = z.strictObject({
  /** `PrimaryContainer` or `Containers[i]`, with the hostname when the container has one. */
  container: NonEmptyString,
  variable: z.string(),
  /** Truncated; redacted when the variable looks like a secret (the plan lands in execution history). */
  value: z.string(),
  why: NonEmptyString,
});
export type Risk = z.infer<typeof Risk>;

export const MAX_RISK_VALUE_LENGTH = 120;
export const REDACTED = '<redacted>';

export const SECRET_KEY = /(SECRET|TOKEN|PASSWORD|PASSWD|CREDENTIAL|PRIVATE|API_?KEY|ACCESS_KEY)/i;
const LOCAL_PATH = /^(\/|\.{1,2}\/|file:\/\/)/;
const TRUTHY = /^(1|true|yes|on)$/i;

// Variables through which the AWS SDKs find credentials or a role to assume: their presence means the code
// expects to call AWS, which an isolated container cannot. AWS_REGION alone is configuration, not a call.
const AWS_CREDENTIAL_VARS = new Set([
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_ROLE_ARN',
  'AWS_ROLE_SESSION_NAME',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_CONFIG_FILE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
]);

/** Redacts secrets and truncates, so a risk can be shown and stored without leaking the environment. */
export function displayValue(variable: string, value: string): string {
  if (SECRET_KEY.test(variable)) return REDACTED;
  const chars = Array.from(value);
  return chars.length <= MAX_RISK_VALUE_LENGTH
    ? value
    : `${chars.slice(0, MAX_RISK_VALUE_LENGTH - 1).join('')}…`;
}

/** The most specific reason this variable needs the network or AWS credentials at runtime, if any. */
export function whyRisky(
  variable: string,
  value: string,
  environment: Readonly<Record<string, string>>,
): string | null {
  const key = variable.toUpperCase();
  const trimmed = value.trim();

  if (key === 'SAGEMAKER_SUBMIT_DIRECTORY' && /^s3:\/\//i.test(trimmed)) {
    return 'the SageMaker Python SDK downloads the inference code from S3 when the container starts';
  }
  if (key === 'HF_MODEL_ID' && trimmed !== '' && !LOCAL_PATH.test(trimmed)) {
    return 'names a Hugging Face Hub model, which the container downloads at startup';
  }
  if (key === 'HF_HUB_OFFLINE') return null;
  if (key.startsWith('HF_HUB_') || key === 'HF_TOKEN' || key === 'HUGGING_FACE_HUB_TOKEN') {
    const offline = Object.entries(environment).some(
      ([k, v]) => k.toUpperCase() === 'HF_HUB_OFFLINE' && TRUTHY.test(v.trim()),
    );
    // HF_HUB_OFFLINE=1 tells the Hub client not to reach the network, so its other settings are inert.
    if (!offline) return 'configures the Hugging Face Hub client, which reaches huggingface.co at runtime';
  }
  if (AWS_CREDENTIAL_VARS.has(key)) {
    return 'points the AWS SDK at credentials or a role: the code calls AWS at runtime, and an isolated container has neither network nor credentials';
  }
  if (/s3:\/\//i.test(trimmed))
    return 'reads from S3 at runtime, which needs the network and AWS credentials';
  if (/https?:\/\//i.test(trimmed)) return 'fetches over HTTP(S) at runtime, which needs the network';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) && !/^file:\/\//i.test(trimmed)) {
    return 'names a remote URL, which needs the network at runtime';
  }
  if (/^arn:aws[a-z-]*:/i.test(trimmed)) {
    return 'names an AWS resource, which the code can only call with network and credentials';
  }
  return null;
}

function containerLabel(container: ContainerDefinition, position: string): string {
  return container.ContainerHostname ? `${position} (${container.ContainerHostname})` : position;
}

function risksOfContainer(container: ContainerDefinition, position: string): Risk[] {
  const environment = container.Environment ?? {};
  const risks: Risk[] = [];
  for (const [variable, value] of Object.entries(environment)) {
    const why = whyRisky(variable, value, environment);
    if (why !== null) {
      risks.push({
        container: containerLabel(container, position),
        variable,
        value: displayValue(variable, value),
        why,
      });
    }
  }
  return risks;
}

/** Every risk in the model's containers, in container order, then in the Environment's order. */
export function preflight(model: {
  PrimaryContainer?: ContainerDefinition | undefined;
  Containers?: ContainerDefinition[] | undefined;
}): Risk[] {
  const risks: Risk[] = [];
  if (model.PrimaryContainer) risks.push(...risksOfContainer(model.PrimaryContainer, 'PrimaryContainer'));
  (model.Containers ?? []).forEach((container, index) => {
    risks.push(...risksOfContainer(container, `Containers[${index}]`));
  });
  return risks;
}
