/**
 * RecordOutcome: write what happened on the finding (status and note). A request from the CLI has no
 * finding: the update is still built and returned, so the caller can show it, but nothing is sent.
 */

import { NonEmptyString } from '../names.ts';
import { findingUpdateFor } from '../notes.ts';
import type { SecurityHubPort } from '../ports.ts';
import { RemediationRequest } from '../request.ts';
import * as z from '../zod.ts';
import { Outcome } from './outcome.ts';

export const RecordOutcomeInput = z.strictObject({
  request: RemediationRequest,
  runId: z.nullable(NonEmptyString),
  outcome: Outcome,
});
export type RecordOutcomeInput = z.infer<typeof RecordOutcomeInput>;

export const RecordOutcomeOutput = z.strictObject({
  recorded: z.boolean(),
  status: z.enum(['NEW', 'NOTIFIED', 'RESOLVED', 'SUPPRESSED']),
  note: z.string().check(z.maxLength(512)),
});
export type RecordOutcomeOutput = z.infer<typeof RecordOutcomeOutput>;

function modelNameOf(input: RecordOutcomeInput): string {
  const outcome = input.outcome;
  const plan = 'plan' in outcome ? outcome.plan : null;
  return plan?.model?.name ?? input.request.modelName;
}

export async function recordOutcome(
  input: RecordOutcomeInput,
  deps: { securityHub: SecurityHubPort },
): Promise<RecordOutcomeOutput> {
  const update = findingUpdateFor(input.outcome, { modelName: modelNameOf(input), runId: input.runId });
  if (input.request.finding === null) return { recorded: false, ...update };
  await deps.securityHub.updateFinding(input.request.finding, update);
  return { recorded: true, ...update };
}
