/** Normalize: the execution input to `{ run, request }`, or a named rejection before anything is touched. */

import { configFromEnvironment } from '../domain/config.ts';
import {
  NormalizeInput,
  NormalizeOutput,
  normalizeExecution,
} from '../domain/workflow/normalize-execution.ts';
import { settingsFromConfig, type WorkflowSettings } from '../domain/workflow/settings.ts';
import type { JsonLogger } from './lib/logger.ts';
import { functionLogger } from './lib/logger.ts';
import { type StepHandler, stepHandler } from './lib/step-handler.ts';

export function normalizeHandler(deps: { settings: WorkflowSettings; logger: JsonLogger }) {
  return stepHandler(
    {
      step: 'Normalize',
      input: NormalizeInput,
      output: NormalizeOutput,
      run: (input, trace) => normalizeExecution(input, trace.executionArn, deps.settings),
    },
    deps.logger,
  );
}

const logger = functionLogger();
let configured: StepHandler<NormalizeOutput> | undefined;

// The configuration is read on the first call, so that a bad environment fails that call with a message
// naming the variable, rather than the function's initialisation.
export const handler: StepHandler<NormalizeOutput> = (event, context) => {
  configured ??= normalizeHandler({
    settings: settingsFromConfig(configFromEnvironment(process.env)),
    logger,
  });
  return configured(event, context);
};
