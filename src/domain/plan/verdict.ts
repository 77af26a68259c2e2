/**
 * The decision rules, as a pure function of what discovery found, so `sm5 audit` applies the very rules
 * the plan does. Each rule that fires contributes a sentence; a reviewer reads why, not just what.
 */
import type { Tag } from '@aws-sdk/client-sagemaker';
import { DEFAULT_EXEMPT_TAG_KEY } from '../builders/lineage-tags.ts';
import type { EndpointView } from './discover-serving-map.ts';
import { isUnrecoverable } from './endpoint-status.ts';
import type { ServedBy, Verdict } from './schema.ts';

export interface VerdictFacts {
  /** Null when the model does not exist. */
  model: { name: string; isolated: boolean } | null;
  tags: readonly Tag[];
  servedBy: readonly ServedBy[];
  /** For the failure reasons of unrecoverable endpoints; optional. */
  endpoints?: readonly EndpointView[];
  exemptTagKey?: string;
}

export interface VerdictDecision {
  verdict: Verdict;
  reasons: string[];
}

const NOT_EXEMPT_VALUES = new Set(['false', 'no', '0', 'off']);

/** The exemption tag's value, or null when the model is not exempt (absent, or explicitly "false"). */
export function exemptionOf(
  tags: readonly Tag[],
  exemptTagKey: string = DEFAULT_EXEMPT_TAG_KEY,
): string | null {
  const tag = tags.find((t) => t.Key === exemptTagKey);
  if (tag === undefined) return null;
  const value = tag.Value ?? '';
  return NOT_EXEMPT_VALUES.has(value.trim().toLowerCase()) ? null : value;
}

function blockers(facts: VerdictFacts, modelName: string): string[] {
  const reasons: string[] = [];
  const exemptTagKey = facts.exemptTagKey ?? DEFAULT_EXEMPT_TAG_KEY;
  const exemption = exemptionOf(facts.tags, exemptTagKey);
  if (exemption !== null) {
    const value = exemption === '' ? '' : ` ("${exemption}")`;
    reasons.push(
      `Model ${modelName} carries the exemption tag ${exemptTagKey}${value}: sm5 leaves it as it is.`,
    );
  }
  for (const ref of facts.servedBy) {
    if (ref.kind === 'inference-component') {
      reasons.push(
        `Endpoint ${ref.endpointName} serves model ${modelName} through inference component ${ref.inferenceComponentName ?? '(unnamed)'}; sm5 does not switch inference components.`,
      );
    } else if (ref.inferenceComponentEndpoint) {
      reasons.push(
        `Endpoint ${ref.endpointName} (config ${ref.configName}) is an inference-component endpoint; sm5 does not switch those.`,
      );
    } else if (ref.serverless) {
      reasons.push(
        `Endpoint ${ref.endpointName} runs model ${modelName} on serverless variant ${ref.variantName ?? '(unnamed)'}, and serverless endpoints do not support network isolation.`,
      );
    }
    if (isUnrecoverable(ref.endpointStatus)) {
      const failure = facts.endpoints?.find((e) => e.name === ref.endpointName)?.failureReason;
      reasons.push(
        `Endpoint ${ref.endpointName} is ${ref.endpointStatus}${failure ? ` (${failure})` : ''}: it cannot be updated until someone repairs or deletes it.`,
      );
    }
  }
  return [...new Set(reasons)];
}

export function decideVerdict(facts: VerdictFacts): VerdictDecision {
  if (facts.model === null) {
    return { verdict: 'noop', reasons: ['The model no longer exists: there is nothing to isolate.'] };
  }
  const { name, isolated } = facts.model;
  if (isolated) {
    return { verdict: 'noop', reasons: [`Model ${name} already has network isolation enabled.`] };
  }
  const blocked = blockers(facts, name);
  if (blocked.length > 0) return { verdict: 'blocked', reasons: blocked };
  return { verdict: 'remediate', reasons: [`Model ${name} runs without network isolation (SageMaker.5).`] };
}
