/**
 * Seeds SageMaker from a scenario through the very operations clients call, so a scenario is held to the
 * API's rules (an endpoint whose config does not exist is rejected with the API's own message). Seeded
 * resources are backdated a minute apart, in scenario order, so they list in a stable, realistic order.
 */
import { InvalidInputError } from '../../domain/errors.ts';
import type { Scenario } from '../scenario.ts';
import { ServiceError } from '../service.ts';
import type { CreateOptions, SageMakerContext } from './context.ts';
import { createEndpointConfig } from './endpoint-configs.ts';
import { createEndpoint } from './endpoints.ts';
import { createInferenceComponent } from './inference-components.ts';
import { createModel } from './models.ts';

type Create = (ctx: SageMakerContext, raw: unknown, options: CreateOptions) => unknown;

export function seedSageMaker(ctx: SageMakerContext, scenario: Scenario, source = 'scenario'): void {
  const steps: [section: string, operation: string, entries: readonly unknown[], create: Create][] = [
    ['models', 'CreateModel', scenario.models, createModel],
    ['endpointConfigs', 'CreateEndpointConfig', scenario.endpointConfigs, createEndpointConfig],
    ['endpoints', 'CreateEndpoint', scenario.endpoints, createEndpoint],
    [
      'inferenceComponents',
      'CreateInferenceComponent',
      scenario.inferenceComponents,
      createInferenceComponent,
    ],
  ];
  const total = steps.reduce((n, [, , entries]) => n + entries.length, 0);
  const start = ctx.store.clock.now();
  let index = 0;
  for (const [section, operation, entries, create] of steps) {
    entries.forEach((entry, i) => {
      index += 1;
      try {
        create(ctx, entry, { seededAt: start - (total - index + 1) * 60_000 });
      } catch (e) {
        if (!(e instanceof ServiceError)) throw e;
        throw new InvalidInputError(
          `Invalid scenario ${source}: ${section}[${i}] (${operation}): ${e.message}`,
          {
            cause: e,
          },
        );
      }
    });
  }
}
