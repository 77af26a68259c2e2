import { Logger } from '@aws-lambda-powertools/logger';

/** One logger per function; the level comes from POWERTOOLS_LOG_LEVEL (INFO when unset). */
export function functionLogger(): Logger {
  return new Logger({ serviceName: 'sm5' });
}
