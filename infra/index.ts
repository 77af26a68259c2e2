/**
 * What sm5 offers other CDK apps. `RequireNetworkIsolation` keeps SageMaker.5 findings from appearing in
 * the first place; `Sm5Stack` is the remediation stack itself, for embedding in an existing app.
 */
export {
  FIXED_WARNING_ID,
  RequireNetworkIsolation,
  type RequireNetworkIsolationProps,
  SAGEMAKER_MODEL_TYPE,
} from './aspects/require-network-isolation.ts';
export { Sm5Stack, type Sm5StackProps } from './stacks/sm5-stack.ts';
