/**
 * STS in the sandbox: `GetCallerIdentity` over the query protocol (a form-encoded POST answered in XML),
 * enough for the CLI to record who approved or rejected a remediation.
 */
import { randomUUID } from 'node:crypto';
import type { SandboxRequest, SandboxResponse, SandboxService } from '../service.ts';
import { ServiceError } from '../service.ts';

const VERSION = '2011-06-15';
const NAMESPACE = `https://sts.amazonaws.com/doc/${VERSION}/`;

export interface CallerIdentity {
  readonly account: string;
  readonly arn: string;
  readonly userId: string;
}

/** The identity every caller of the sandbox has: an IAM user named `sandbox` in the sandbox account. */
export function sandboxIdentity(account: string, userName = 'sandbox'): CallerIdentity {
  return { account, arn: `arn:aws:iam::${account}:user/${userName}`, userId: 'AIDASANDBOXUSER0000001' };
}

function formOf(req: SandboxRequest): URLSearchParams {
  return new URLSearchParams(req.method === 'POST' ? req.body : new URLSearchParams(req.query).toString());
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function xml(status: number, body: string): SandboxResponse {
  return {
    status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}`,
  };
}

export function stsService(identity: () => CallerIdentity): SandboxService {
  return {
    name: 'sts',
    // The query protocol carries no target header; STS is the only sandbox service on API version 2011-06-15.
    matches: (req) => formOf(req).get('Version') === VERSION && formOf(req).has('Action'),
    operationOf: (req) => formOf(req).get('Action') ?? '',
    handle: async (req) => {
      const action = formOf(req).get('Action') ?? '';
      if (action !== 'GetCallerIdentity') {
        throw new ServiceError('InvalidAction', `Could not find operation ${action} for version ${VERSION}`);
      }
      const { account, arn, userId } = identity();
      return xml(
        200,
        `<GetCallerIdentityResponse xmlns="${NAMESPACE}">` +
          '<GetCallerIdentityResult>' +
          `<Arn>${escapeXml(arn)}</Arn><UserId>${escapeXml(userId)}</UserId><Account>${escapeXml(account)}</Account>` +
          '</GetCallerIdentityResult>' +
          `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata>` +
          '</GetCallerIdentityResponse>',
      );
    },
    renderError: (error) =>
      xml(
        error.status,
        `<ErrorResponse xmlns="${NAMESPACE}">` +
          `<Error><Type>${error.status >= 500 ? 'Receiver' : 'Sender'}</Type>` +
          `<Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error>` +
          `<RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
      ),
    throttlingError: () => new ServiceError('Throttling', 'Rate exceeded'),
  };
}
