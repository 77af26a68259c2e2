/** The Retire step's input, built from the plan and what each endpoint's switch ended with. */
import { InvalidInputError } from '../errors.ts';
import { Plan } from '../plan/schema.ts';
import { type RetireInput, RetireMode } from '../steps/retire.ts';
import * as z from '../zod.ts';
import { EndpointSwitch } from './endpoint-switch.ts';

export const RetireTaskInput = z.strictObject({
  mode: RetireMode,
  plan: Plan,
  switches: z.array(EndpointSwitch),
});
export type RetireTaskInput = z.infer<typeof RetireTaskInput>;

/** Refuses when an endpoint was not switched: its original must not be retired (the ASL never asks). */
export function retireInputOf({ mode, plan, switches }: RetireTaskInput): RetireInput {
  const notDone = switches.filter((s) => !s.done).map((s) => s.endpointName);
  if (notDone.length > 0) {
    throw new InvalidInputError(
      `nothing is retired while endpoint(s) ${notDone.join(', ')} are not verified on their new config`,
    );
  }
  return { mode, plan, endpoints: switches.flatMap((s) => (s.done ? [s.config] : [])) };
}
