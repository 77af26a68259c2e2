/**
 * SDK errors built the way the SDK builds them: modeled errors are their own classes; unmodeled ones
 * (SageMaker's ValidationException, ThrottlingException) arrive as the service's base exception with the
 * wire `__type` as `name` (probed against a JSON 1.1 responder).
 */
import { SageMakerServiceException } from '@aws-sdk/client-sagemaker';

export function unmodeled(name: string, message: string, httpStatusCode = 400): SageMakerServiceException {
  return new SageMakerServiceException({
    name,
    message,
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode },
  });
}

export const metadata400 = { $metadata: { httpStatusCode: 400 } };

export const arnOf = (kind: 'model' | 'endpoint' | 'endpoint-config', name: string) =>
  `arn:aws:sagemaker:us-east-1:123456789012:${kind}/${name.toLowerCase()}`;

export const validation = (message: string) => unmodeled('ValidationException', message);
export const modelMissing = (name: string) => validation(`Could not find model "${arnOf('model', name)}".`);
export const endpointMissing = (name: string) =>
  validation(`Could not find endpoint "${arnOf('endpoint', name)}".`);
export const configMissing = (name: string) =>
  validation(`Could not find endpoint configuration "${arnOf('endpoint-config', name)}".`);
export const throttled = () => unmodeled('ThrottlingException', 'Rate exceeded');
