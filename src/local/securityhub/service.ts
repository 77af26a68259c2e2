/**
 * Security Hub in the sandbox: REST JSON (signing name `securityhub`) routed by method and path as the
 * SDK's serializers send them, errors as `x-amzn-errortype` plus a JSON body. Requests signed for
 * Security Hub that match no route get the 404 UnknownOperationException REST services answer; the SDK
 * surfaces it as a SecurityHubServiceException of that name.
 */
import {
  restJsonError,
  restJsonResponse,
  type SandboxRequest,
  type SandboxResponse,
  type SandboxService,
  ServiceError,
} from '../service.ts';
import { batchUpdateFindings, batchUpdateFindingsV2, type SecurityHubContext } from './batch-update.ts';
import type { FindingEvent } from './events.ts';
import { getFindings, getFindingsV2 } from './get-findings.ts';
import type { AsffFinding, JsonObject, StoredOcsfFinding } from './seed.ts';
import { type FindingUpdateRecord, SecurityHubState } from './state.ts';

interface Route {
  readonly method: string;
  readonly path: string;
  readonly operation: string;
  readonly handle: (ctx: SecurityHubContext, body: string) => unknown;
}

/** From `@aws-sdk/client-securityhub`'s operation schemas (`{ http: [method, path, 200] }`). */
export const SECURITY_HUB_ROUTES: readonly Route[] = [
  {
    method: 'PATCH',
    path: '/findings/batchupdate',
    operation: 'BatchUpdateFindings',
    handle: batchUpdateFindings,
  },
  {
    method: 'PATCH',
    path: '/findingsv2/batchupdatev2',
    operation: 'BatchUpdateFindingsV2',
    handle: batchUpdateFindingsV2,
  },
  { method: 'POST', path: '/findings', operation: 'GetFindings', handle: getFindings },
  { method: 'POST', path: '/findingsv2', operation: 'GetFindingsV2', handle: getFindingsV2 },
];

const KNOWN_PATHS = new Set(SECURITY_HUB_ROUTES.map((r) => r.path));

/** SigV4's credential scope names the service: `Credential=<key>/<date>/<region>/securityhub/aws4_request`. */
function signedForSecurityHub(req: SandboxRequest): boolean {
  return /Credential=[^,]*\/securityhub\/aws4_request/.test(req.headers.authorization ?? '');
}

function routeOf(req: SandboxRequest): Route | undefined {
  const path = req.path.length > 1 ? req.path.replace(/\/+$/, '') : req.path;
  return SECURITY_HUB_ROUTES.find((r) => r.method === req.method && r.path === path);
}

export interface SecurityHubOptions {
  readonly account: string;
  readonly region: string;
  /** Sandbox-clock milliseconds. */
  readonly now: () => number;
  /** The scenario's `findings`. */
  readonly findings: readonly unknown[];
  /** Names the scenario in seeding errors. */
  readonly source?: string;
}

/**
 * The emulator: the HTTP service the sandbox registers, plus what tests read directly. Findings handed out
 * are copies; change them through the API.
 */
export class SecurityHubEmulator {
  readonly service: SandboxService;
  private readonly state = new SecurityHubState();
  private readonly ctx: SecurityHubContext;

  constructor(options: SecurityHubOptions) {
    this.ctx = { state: this.state, account: options.account, region: options.region, now: options.now };
    this.state.seed(
      options.findings,
      { region: options.region, now: new Date(options.now()).toISOString() },
      options.source,
    );
    this.service = this.createService();
  }

  /** Every ASFF finding, in import order, as GetFindings would return it. */
  asffFindings(): AsffFinding[] {
    return this.state.asffFindings().map((r) => structuredClone(r.finding));
  }

  /** Every OCSF finding, in import order, as GetFindingsV2 would return it. */
  ocsfFindings(): StoredOcsfFinding[] {
    return this.state.ocsfFindings().map((r) => structuredClone(r.finding));
  }

  /** The ASFF finding with this `Id` (any product), else the OCSF finding with this `finding_info.uid`. */
  finding(findingId: string): JsonObject | undefined {
    const asff = this.state.asffFindings().find((r) => r.id === findingId);
    if (asff !== undefined) return structuredClone(asff.finding);
    const ocsf = this.state.ocsfFindings().find((r) => r.findingInfoUid === findingId);
    return ocsf === undefined ? undefined : structuredClone(ocsf.finding);
  }

  /** Every processed update of the finding (ASFF `Id` or OCSF `finding_info.uid`), oldest first. */
  history(findingId: string): readonly FindingUpdateRecord[] {
    return this.state.history(findingId);
  }

  /** The notes written on the finding (ASFF `Note.Text`, OCSF `comment`), oldest first. */
  notes(findingId: string): string[] {
    return this.state.history(findingId).flatMap((u) => (u.note === undefined ? [] : [u.note]));
  }

  /** The "Findings - Imported" / "Findings Imported V2" events emitted by updates, in order. */
  get events(): readonly FindingEvent[] {
    return this.state.events;
  }

  /** Called with each event as it is emitted; returns a function that unsubscribes. */
  onEvent(listener: (event: FindingEvent) => void): () => void {
    return this.state.onEvent(listener);
  }

  private createService(): SandboxService {
    return {
      name: 'securityhub',
      // Signed requests are claimed by their scope, unsigned ones (curl, tests of the wire) by their path.
      matches: (req) => req.target === undefined && (signedForSecurityHub(req) || KNOWN_PATHS.has(req.path)),
      operationOf: (req) => routeOf(req)?.operation ?? `${req.method} ${req.path}`,
      handle: async (req): Promise<SandboxResponse> => {
        const route = routeOf(req);
        if (route === undefined) {
          throw new ServiceError(
            'UnknownOperationException',
            `The sandbox's Security Hub has no operation at ${req.method} ${req.path}.`,
            404,
          );
        }
        return restJsonResponse(200, route.handle(this.ctx, req.body));
      },
      renderError: (error) => restJsonError(error.status, error.code, error.message),
      // What GetFindings callers report when throttled (HTTP 429); the SDK retries it as a throttle.
      throttlingError: () => new ServiceError('TooManyRequestsException', 'Too Many Requests', 429),
    };
  }
}

export function createSecurityHub(options: SecurityHubOptions): SecurityHubEmulator {
  return new SecurityHubEmulator(options);
}
