/** The Plan step: a request in, the plan (the audit record) out. Changes nothing. */
import * as z from 'zod';
import { makePlan, type PlanOptions } from '../plan/make-plan.ts';
import { Plan } from '../plan/schema.ts';
import type { SageMakerPort } from '../ports.ts';
import { RemediationRequest } from '../request.ts';

export const PlanStepInput = z
  .object({
    request: RemediationRequest,
    /** The execution ARN: it goes into lineage tags and notes. */
    runId: z.string().min(1).nullable(),
    exemptTagKey: z.string().min(1).max(128).optional(),
    retireMode: z.enum(['delete', 'retain']).optional(),
  })
  .strict();
export type PlanStepInput = z.infer<typeof PlanStepInput>;

export const PlanStepOutput = Plan;

export async function planStep(
  input: PlanStepInput,
  deps: { sagemaker: SageMakerPort },
  options: Omit<PlanOptions, 'runId' | 'servingMap'> = {},
): Promise<Plan> {
  const exemptTagKey = input.exemptTagKey ?? options.exemptTagKey;
  const retireMode = input.retireMode ?? options.retireMode;
  return makePlan(input.request, deps, {
    ...options,
    runId: input.runId,
    ...(exemptTagKey ? { exemptTagKey } : {}),
    ...(retireMode ? { retireMode } : {}),
  });
}
