import { fileURLToPath } from 'node:url';
import { App, type AppProps } from 'aws-cdk-lib';
import { parseContextConfig, type Sm5Config } from '../src/domain/config.ts';
import { addNagChecks } from './nag.ts';
import { Sm5Stack } from './stacks/sm5-stack.ts';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const STACK_ID = 'Sm5';

export interface Sm5App {
  readonly app: App;
  readonly stack: Sm5Stack;
  readonly config: Sm5Config;
}

/**
 * The sm5 CDK app: configuration read from context and validated (an InvalidInputError naming the bad key
 * otherwise), the stack, and cdk-nag AwsSolutions, whose findings fail the synth.
 */
export function createApp(props: AppProps = {}): Sm5App {
  const app = new App(props);
  const config = parseContextConfig(app.node.getAllContext());
  const stack = new Sm5Stack(app, STACK_ID, {
    config,
    projectRoot: PROJECT_ROOT,
    description: 'sm5: fixes Security Hub SageMaker.5 by giving SageMaker models network isolation',
  });
  addNagChecks(app);
  return { app, stack, config };
}
