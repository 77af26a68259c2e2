/**
 * The workflow's Lambda handlers, built the way the sandbox registration builds them (SDK clients pointed at
 * the sandbox, one attempt per call so that faults reach the workflow's Retry), for tests that call or wrap
 * them directly.
 */

import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { sagemakerGateway } from '../../../src/aws/sagemaker.ts';
import { securityHubGateway } from '../../../src/aws/securityhub.ts';
import type { FunctionId } from '../../../src/domain/workflow-functions.ts';
import { checkEndpointHandler } from '../../../src/handlers/check-endpoint.ts';
import { cloneModelHandler } from '../../../src/handlers/clone-model.ts';
import { createEndpointConfigHandler } from '../../../src/handlers/create-endpoint-config.ts';
import { JsonLogger } from '../../../src/handlers/lib/logger.ts';
import { normalizeHandler } from '../../../src/handlers/normalize.ts';
import { planHandler } from '../../../src/handlers/plan.ts';
import { recordOutcomeHandler } from '../../../src/handlers/record-outcome.ts';
import { retireHandler } from '../../../src/handlers/retire.ts';
import { switchEndpointHandler } from '../../../src/handlers/switch-endpoint.ts';
import type { Sandbox } from '../../../src/local/sandbox.ts';
import type { LambdaHandler } from '../../../src/local/stepfunctions/index.ts';
import type { WorkflowRegistration } from '../../../src/local/workflow/register.ts';

export function buildHandlers(
  sb: Pick<Sandbox, 'clientConfig'>,
  registration: Pick<WorkflowRegistration, 'settings'>,
): Record<FunctionId, LambdaHandler> {
  const clientConfig = { ...sb.clientConfig(), maxAttempts: 1 };
  const deps = {
    sagemaker: sagemakerGateway(new SageMakerClient(clientConfig)),
    securityHub: securityHubGateway(new SecurityHubClient(clientConfig)),
    settings: registration.settings,
    logger: new JsonLogger({ level: 'SILENT' }),
  };
  return {
    normalize: normalizeHandler(deps),
    plan: planHandler(deps),
    'clone-model': cloneModelHandler(deps),
    'create-endpoint-config': createEndpointConfigHandler(deps),
    'switch-endpoint': switchEndpointHandler(deps),
    'check-endpoint': checkEndpointHandler(deps),
    retire: retireHandler(deps),
    'record-outcome': recordOutcomeHandler(deps),
  };
}
