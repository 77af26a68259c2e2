/**
 * Step Functions names and ARNs, with the service's own validation rules and error texts.
 */
import { ServiceError } from '../service.ts';

// Names: 1-80 characters, none of: whitespace, < > { } [ ], ? *, " # % \ ^ | ~ ` $ & , ; : /, control
// characters (U+0000-001F, U+007F-009F).
// biome-ignore lint/suspicious/noControlCharactersInRegex: the forbidden set includes control characters
const FORBIDDEN_NAME_CHARS = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/;

export function isValidName(name: string): boolean {
  return name.length >= 1 && name.length <= 80 && !FORBIDDEN_NAME_CHARS.test(name);
}

export function assertValidName(name: string): void {
  if (!isValidName(name)) throw new ServiceError('InvalidName', `Invalid Name: '${name}'`);
}

export interface Scope {
  readonly region: string;
  readonly account: string;
}

export function stateMachineArn(scope: Scope, name: string): string {
  return `arn:aws:states:${scope.region}:${scope.account}:stateMachine:${name}`;
}

export function executionArn(scope: Scope, stateMachineName: string, executionName: string): string {
  return `arn:aws:states:${scope.region}:${scope.account}:execution:${stateMachineName}:${executionName}`;
}

type ArnKind = 'stateMachine' | 'execution';

/**
 * Checks that `arn` is a Step Functions ARN of `kind` and returns it. Like the service, a malformed ARN is
 * `InvalidArn`, while a well-formed ARN that names nothing is left to the caller's DoesNotExist error.
 */
export function requireArn(arn: string, kind: ArnKind): string {
  const parts = arn.split(':');
  if (parts.length < 7 || parts[0] !== 'arn' || parts[2] !== 'states') {
    throw new ServiceError('InvalidArn', `Invalid Arn: 'Invalid ARN prefix: ${arn}'`);
  }
  if (parts[5] !== kind) {
    throw new ServiceError(
      'InvalidArn',
      `Invalid Arn: 'Resource type not valid in this context: ${parts[5]}'`,
    );
  }
  return arn;
}
