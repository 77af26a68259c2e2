/**
 * The shape of every sm5 Lambda: parse `{ trace, input }` with the step's schema, run the step, check its
 * output against the step's schema, and log both ends as structured JSON carrying the execution and model.
 */

import { InvalidInputError } from '../../domain/errors.ts';
import { describeIssues } from '../../domain/findings/describe-issues.ts';
import { parseTask, type Trace } from '../../domain/workflow/trace.ts';
import * as z from '../../domain/zod.ts';
import type { JsonLogger, LambdaContextLike } from './logger.ts';

export type StepHandler<O> = (event: unknown, context?: LambdaContextLike) => Promise<O>;

export interface StepDefinition<I extends z.core.$ZodType, O extends z.core.$ZodType> {
  /** The step's name in logs, as the workflow names it. */
  readonly step: string;
  readonly input: I;
  readonly output: O;
  run(input: z.output<I>, trace: Trace): Promise<z.input<O>> | z.input<O>;
  /** What of the output goes into the log line (default: all of it). */
  summary?(output: z.output<O>): unknown;
}

export function stepHandler<I extends z.core.$ZodType, O extends z.core.$ZodType>(
  definition: StepDefinition<I, O>,
  logger: JsonLogger,
): StepHandler<z.output<O>> {
  const { step } = definition;
  return async (event, context) => {
    if (context !== undefined) logger.addContext(context);
    try {
      const task = parseTask(definition.input, event, step);
      logger.appendKeys({ step, executionArn: task.trace.executionArn, modelArn: task.trace.modelArn });
      const result = z.safeParse(definition.output, await definition.run(task.input, task.trace));
      if (!result.success) {
        throw new InvalidInputError(
          `step ${step} produced output that breaks its own schema: ${describeIssues(result.error, '')}`,
        );
      }
      logger.info(`${step} done`, { output: definition.summary?.(result.data) ?? result.data });
      return result.data;
    } catch (error) {
      logger.error(`${step} failed`, error);
      throw error;
    } finally {
      logger.resetKeys();
    }
  };
}
