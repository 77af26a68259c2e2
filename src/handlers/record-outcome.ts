/** RecordOutcome: write what happened on the finding (workflow status and note) and say which outcome. */
import type { Logger } from '@aws-lambda-powertools/logger';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { securityHubGateway } from '../aws/securityhub.ts';
import type { SecurityHubPort } from '../domain/ports.ts';
import { RecordTaskInput, RecordTaskOutput, recordWorkflowOutcome } from '../domain/workflow/record.ts';
import { functionLogger } from './lib/logger.ts';
import { stepHandler } from './lib/step-handler.ts';

export function recordOutcomeHandler(deps: { securityHub: SecurityHubPort; logger: Logger }) {
  return stepHandler(
    {
      step: 'RecordOutcome',
      input: RecordTaskInput,
      output: RecordTaskOutput,
      run: (input) => recordWorkflowOutcome(input, deps),
    },
    deps.logger,
  );
}

export const handler = recordOutcomeHandler({
  securityHub: securityHubGateway(new SecurityHubClient({})),
  logger: functionLogger(),
});
