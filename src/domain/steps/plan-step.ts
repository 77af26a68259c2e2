/** The Plan step: a request in, the plan (the audit record) out. Changes nothing. */

import { NonEmptyString } from '../names.ts';
import { makePlan, type PlanOptions } from '../plan/make-plan.ts';
import { Plan } from '../plan/schema.ts';
import type { SageMakerReader } from '../ports.ts';
import { RemediationRequest } from '../request.ts';
import * as z from '../zod.ts';

export const PlanStepInput = z.strictObject({
  request: RemediationRequest,
  /** The execution ARN: it goes into lineage tags and notes. */
  runId: z.nullable(NonEmptyString),
  exemptTagKey: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
  retireMode: z.optional(z.enum(['delete', 'retain'])),
});
export type PlanStepInput = z.infer<typeof PlanStepInput>;

export const PlanStepOutput = Plan;

export async function planStep(
  input: PlanStepInput,
  deps: { sagemaker: SageMakerReader },
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
