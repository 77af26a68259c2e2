/**
 * The texts SageMaker puts in its ValidationExceptions. Callers match on them (`Could not find model`,
 * `Cannot update in-progress endpoint`), so the wording follows the real service where it is known; texts
 * marked "unverified" are plausible stand-ins for messages no public source quotes.
 */
import { type ServiceError, validationError } from '../service.ts';

export type Noun = 'model' | 'endpoint configuration' | 'endpoint' | 'inference component';

export function notFound(noun: Noun, arn: string): ServiceError {
  return validationError(`Could not find ${noun} "${arn}".`);
}

export function alreadyExists(noun: Noun, arn: string): ServiceError {
  return validationError(`Cannot create already existing ${noun} "${arn}".`);
}

export function updateInProgress(arn: string): ServiceError {
  return validationError(`Cannot update in-progress endpoint "${arn}".`);
}

/** Unverified wording. */
export function updateFailedEndpoint(arn: string): ServiceError {
  return validationError(`Cannot update failed endpoint "${arn}".`);
}

/** The FailureReason SageMaker reports when a container never answers /ping. */
export function healthCheckFailure(variantName: string): string {
  return `The primary container for production variant ${variantName} did not pass the ping health check. Please check CloudWatch logs for this endpoint.`;
}

/** Unverified wording (inference components report their own container). */
export function componentHealthCheckFailure(componentName: string): string {
  return `The container for inference component ${componentName} did not pass the ping health check. Please check CloudWatch logs for this endpoint.`;
}

/** Serverless inference does not support network isolation (AWS docs); the exact text is unverified. */
export function serverlessIsolation(variantName: string, modelArn: string): ServiceError {
  return validationError(
    `Network isolation is not supported for serverless endpoints: production variant ${variantName} serves model "${modelArn}", which has EnableNetworkIsolation set to true.`,
  );
}

export function invalidNextToken(): ServiceError {
  return validationError(
    'Invalid pagination token. Use the NextToken returned by the previous call with the same parameters.',
  );
}
