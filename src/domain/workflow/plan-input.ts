/** The Plan step's input, built from the parts of the state the ASL passes. */
import { RemediationRequest } from '../request.ts';
import type { PlanStepInput } from '../steps/plan-step.ts';
import * as z from '../zod.ts';
import { Run } from './run.ts';

export const PlanTaskInput = z.strictObject({ run: Run, request: RemediationRequest });
export type PlanTaskInput = z.infer<typeof PlanTaskInput>;

export function planInputOf({ run, request }: PlanTaskInput): PlanStepInput {
  return {
    request,
    runId: run.executionArn,
    exemptTagKey: run.exemptTagKey,
    retireMode: run.retireOriginal,
  };
}
