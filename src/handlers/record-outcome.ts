/** RecordOutcome: write what happened on the finding (workflow status and note) and say which outcome. */

import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { securityHubGateway } from '../aws/securityhub.ts';
import type { SecurityHubPort } from '../domain/ports.ts';
import { RecordTaskInput, RecordTaskOutput, recordWorkflowOutcome } from '../domain/workflow/record.ts';
import type { JsonLogger } from './lib/logger.ts';
import { functionLogger } from './lib/logger.ts';
import { stepHandler } from './lib/step-handler.ts';

export function recordOutcomeHandler(deps: { securityHub: SecurityHubPort; logger: JsonLogger }) {
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
