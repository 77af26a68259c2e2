/**
 * Which state machine the workflow commands talk to: `--state-machine <arn>`, else SM5_STATE_MACHINE_ARN,
 * else the one named `sm5-remediate-model` in the caller's account and region (ListStateMachines).
 */
import { ListStateMachinesCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { toDomainError } from '../../aws/errors.ts';
import { STATE_MACHINE_NAME } from '../../domain/workflow-functions.ts';
import { CliError } from '../cli-error.ts';

export { STATE_MACHINE_NAME };
export const STATE_MACHINE_ENV = 'SM5_STATE_MACHINE_ARN';

const STATE_MACHINE_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[^:\s]{1,80}$/;

export interface StateMachineChoice {
  /** `--state-machine`, when given. */
  readonly option?: string;
  /** The environment to read SM5_STATE_MACHINE_ARN from; default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export function checkedStateMachineArn(arn: string, from: string): string {
  if (!STATE_MACHINE_ARN.test(arn)) {
    throw new CliError(`${from}: "${arn}" is not a Step Functions state machine ARN`);
  }
  return arn;
}

/** The state machine's ARN; a CliError when none is given and none is deployed under the default name. */
export async function resolveStateMachine(sfn: SFNClient, choice: StateMachineChoice = {}): Promise<string> {
  if (choice.option !== undefined) return checkedStateMachineArn(choice.option, '--state-machine');
  const fromEnv = (choice.env ?? process.env)[STATE_MACHINE_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return checkedStateMachineArn(fromEnv, STATE_MACHINE_ENV);
  let nextToken: string | undefined;
  do {
    const page = await sfn
      .send(new ListStateMachinesCommand({ maxResults: 1000, nextToken }))
      .catch((error: unknown) => {
        throw toDomainError(error, { operation: 'ListStateMachines' });
      });
    const found = page.stateMachines?.find((machine) => machine.name === STATE_MACHINE_NAME);
    if (found?.stateMachineArn !== undefined) return found.stateMachineArn;
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  throw new CliError(
    `no state machine named ${STATE_MACHINE_NAME} in this account and region: deploy sm5, or pass ` +
      `--state-machine <arn> (or set ${STATE_MACHINE_ENV})`,
  );
}
