/**
 * How a run may act: fix at once, ask a person first, or only plan. Its own module: every step's Lambda
 * reads the run's mode, and only Normalize needs the rest of the configuration (config.ts).
 */
import * as z from './zod.ts';

export const MODES = ['auto', 'approval', 'dry-run'] as const;
export const Mode = z.enum(MODES);
export type Mode = z.infer<typeof Mode>;
