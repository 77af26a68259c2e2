import { Annotations, CfnResource, type IAspect, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

export interface RequireNetworkIsolationProps {
  /**
   * Set `EnableNetworkIsolation: true` on every model that lacks it instead of failing the synth. Each fix is
   * reported as a warning: a container that needs the network at run time (to download weights, call AWS
   * APIs, check a licence) stops working once isolated, so a fixed model must be tested.
   * @default false
   */
  readonly fix?: boolean;
}

export const SAGEMAKER_MODEL_TYPE = 'AWS::SageMaker::Model';
export const FIXED_WARNING_ID = 'sm5:network-isolation-enabled';

/**
 * The value CloudFormation will receive, property overrides included: the L1 property alone would miss an
 * `addPropertyOverride` that sets (or unsets) isolation, and models imported with CfnInclude have no typed
 * property at all.
 */
function renderedIsolation(resource: CfnResource): unknown {
  const stack = Stack.of(resource);
  const rendered: unknown = stack.resolve(resource._toCloudFormation());
  if (typeof rendered !== 'object' || rendered === null || !('Resources' in rendered)) return undefined;
  const resources = rendered.Resources;
  if (typeof resources !== 'object' || resources === null) return undefined;
  const [entry] = Object.values(resources);
  if (typeof entry !== 'object' || entry === null || !('Properties' in entry)) return undefined;
  const properties = entry.Properties;
  if (typeof properties !== 'object' || properties === null) return undefined;
  return 'EnableNetworkIsolation' in properties ? properties.EnableNetworkIsolation : undefined;
}

function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/**
 * Keeps Security Hub control SageMaker.5 from failing on models your own CDK apps create: every
 * `AWS::SageMaker::Model` (a `CfnModel`, an L2 construct built on it, or one imported with CfnInclude) must
 * set `EnableNetworkIsolation` to `true`. A model that does not is a synth error, or with `{ fix: true }`
 * is changed to isolated with a warning.
 *
 * A value that is only known at deploy time (a parameter, `Fn::If`) cannot be proven true, so it counts as
 * not isolated.
 *
 * ```ts
 * Aspects.of(app).add(new RequireNetworkIsolation());
 * // or, to change models instead of failing (mutating aspects run first with this priority):
 * Aspects.of(app).add(new RequireNetworkIsolation({ fix: true }), { priority: AspectPriority.MUTATING });
 * ```
 */
export class RequireNetworkIsolation implements IAspect {
  private readonly fix: boolean;

  constructor(props: RequireNetworkIsolationProps = {}) {
    this.fix = props.fix ?? false;
  }

  visit(node: IConstruct): void {
    if (!CfnResource.isCfnResource(node) || node.cfnResourceType !== SAGEMAKER_MODEL_TYPE) return;
    const value = renderedIsolation(node);
    if (isTrue(value)) return;
    const now = value === undefined ? 'not set (SageMaker defaults to false)' : `${JSON.stringify(value)}`;
    if (this.fix) {
      node.addPropertyOverride('EnableNetworkIsolation', true);
      Annotations.of(node).addWarningV2(
        FIXED_WARNING_ID,
        `EnableNetworkIsolation was ${now}; RequireNetworkIsolation set it to true. The container now has no network access and no AWS credentials at run time: test that the model still serves.`,
      );
      return;
    }
    Annotations.of(node).addError(
      `SageMaker model without network isolation (Security Hub SageMaker.5): EnableNetworkIsolation is ${now}, must be true. Set it (e.g. enableNetworkIsolation: true on CfnModel), or construct RequireNetworkIsolation with { fix: true }.`,
    );
  }
}
