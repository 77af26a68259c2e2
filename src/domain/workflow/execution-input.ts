/**
 * What an execution of the workflow is started with. Two forms:
 * - an EventBridge event, exactly as the rules deliver it (ASFF Imported, Custom Action, OCSF Imported V2);
 * - `{ "sm5": { ... } }` from `sm5 start`: a model (by name or ARN) or an event, with an optional mode that
 *   overrides the state machine's, and who asked.
 * The wrapper keeps our own fields out of the event, which stays byte-for-byte what Security Hub sent.
 */
import * as z from '../zod.ts';
import { Mode } from './settings.ts';

export const StartOptions = z
  .strictObject({
    mode: z.optional(Mode),
    /** `{ modelName }` or `{ modelArn }` (see DirectRequest); exactly one of request and event. */
    request: z.optional(z.unknown()),
    /** An EventBridge event, e.g. read from a file. */
    event: z.optional(z.unknown()),
    /** The caller's identity (STS GetCallerIdentity ARN), kept in `run.requestedBy` for the audit trail. */
    requestedBy: z.optional(z.string().check(z.minLength(1), z.maxLength(512))),
  })
  .check(
    z.refine((start) => (start.request === undefined) !== (start.event === undefined), {
      message: 'give exactly one of request and event',
    }),
  );
export type StartOptions = z.infer<typeof StartOptions>;

export const StartInput = z.strictObject({ sm5: StartOptions });
export type StartInput = z.infer<typeof StartInput>;

/** The execution input `sm5 start` sends. */
export function startInput(options: StartOptions): StartInput {
  return StartInput.parse({ sm5: options });
}

export function isStartInput(input: unknown): boolean {
  return typeof input === 'object' && input !== null && !Array.isArray(input) && Object.hasOwn(input, 'sm5');
}
