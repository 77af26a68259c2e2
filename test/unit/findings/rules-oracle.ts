/**
 * The normalisation rules read a second time, independently of the code under test, by path on the raw
 * event: a request the code produces must agree with this reading.
 */
import { expect } from 'vitest';
import { FindingRejectedError, type FindingRejection, isSm5Error } from '../../../src/domain/errors.ts';
import { RemediationRequest } from '../../../src/domain/request.ts';
import { CTX, FINDING, getAt, type Path } from './fixtures.ts';

export type Outcome =
  | { kind: 'request'; request: RemediationRequest }
  | { kind: 'rejected'; name: string; reason: FindingRejection | undefined; message: string };

/** Runs `act`, failing the test on anything but a request or one of our named errors. */
export function outcomeOf(act: () => RemediationRequest): Outcome {
  try {
    return { kind: 'request', request: act() };
  } catch (error) {
    if (!isSm5Error(error)) throw error;
    const reason = error instanceof FindingRejectedError ? error.reason : undefined;
    return { kind: 'rejected', name: error.name, reason, message: error.message };
  }
}

const string = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const f = (event: unknown, ...keys: (string | number)[]): unknown => getAt(event, [...FINDING, ...keys]);

function asffControl(event: unknown): string | undefined {
  return (
    string(f(event, 'Compliance', 'SecurityControlId')) ??
    string(f(event, 'ProductFields', 'ControlId')) ??
    string(f(event, 'GeneratorId'))?.split('/').at(-1)
  );
}

function expectedModel(arn: unknown): { modelArn: string; modelName: string } {
  const prefix = `arn:aws:sagemaker:${CTX.region}:${CTX.accountId}:model/`;
  expect(typeof arn === 'string' && arn.startsWith(prefix)).toBe(true);
  const name = String(arn).slice(prefix.length);
  return { modelArn: prefix + name.toLowerCase(), modelName: name };
}

function expectAsff(event: unknown, request: RemediationRequest): void {
  const trigger =
    getAt(event, ['detail-type']) === 'Security Hub Findings - Custom Action' ? 'custom-action' : 'auto';
  expect(request.trigger).toBe(trigger);
  expect(asffControl(event)).toBe('SageMaker.5');
  expect(f(event, 'Compliance', 'Status')).toBe('FAILED');
  expect(f(event, 'RecordState')).toBe('ACTIVE');
  expect(f(event, 'Workflow', 'Status')).not.toBe('SUPPRESSED');
  if (trigger === 'auto') expect(f(event, 'Workflow', 'Status')).toBe('NEW');
  expect(f(event, 'AwsAccountId')).toBe(CTX.accountId);
  expect(f(event, 'Region')).toBe(CTX.region);
  expect(request.finding).toEqual({ api: 'asff', id: f(event, 'Id'), productArn: f(event, 'ProductArn') });
  expect(request).toMatchObject(expectedModel(f(event, 'Resources', 0, 'Id')));
}

function expectOcsf(event: unknown, request: RemediationRequest): void {
  expect(request.trigger).toBe('auto');
  const uid = f(event, 'finding_info', 'uid');
  const control =
    string(f(event, 'compliance', 'control')) ?? /security-control\/([^/]+)\//.exec(String(uid))?.[1];
  expect(control).toBe('SageMaker.5');
  const status =
    f(event, 'compliance', 'status') ?? (f(event, 'compliance', 'status_id') === 3 ? 'Fail' : undefined);
  expect(status).toBe('Fail');
  expect(f(event, 'activity_id')).not.toBe(3);
  expect(f(event, 'activity_name')).not.toBe('Close');
  expect(f(event, 'status_id') ?? (f(event, 'status') === 'New' ? 1 : undefined)).toBe(1);
  expect(f(event, 'cloud', 'account', 'uid')).toBe(CTX.accountId);
  expect(f(event, 'cloud', 'region')).toBe(CTX.region);
  expect(request.finding).toEqual({
    api: 'ocsf',
    findingInfoUid: uid,
    cloudAccountUid: CTX.accountId,
    metadataProductUid: f(event, 'metadata', 'product', 'uid'),
  });
  const resource = [f(event, 'resources', 0, 'uid_alt'), f(event, 'resources', 0, 'uid')].find((value) =>
    string(value)?.startsWith('arn:'),
  );
  expect(request).toMatchObject(expectedModel(resource));
}

/** A request from a single-finding event: valid by its own schema and true to the rules. */
export function expectAgreesWithRules(event: unknown, request: RemediationRequest): void {
  expect(RemediationRequest.safeParse(request).success).toBe(true);
  expect(getAt(event, ['source'])).toBe('aws.securityhub');
  expect(getAt(event, ['detail', 'findings', 'length'])).toBe(1);
  expect(request.accountId).toBe(CTX.accountId);
  expect(request.region).toBe(CTX.region);
  if (getAt(event, ['detail-type']) === 'Findings Imported V2') expectOcsf(event, request);
  else expectAsff(event, request);
}

const ASFF_LEAVES: Path[] = [
  ['Id'],
  ['ProductArn'],
  ['GeneratorId'],
  ['AwsAccountId'],
  ['Region'],
  ['Compliance', 'Status'],
  ['Compliance', 'SecurityControlId'],
  ['ProductFields', 'ControlId'],
  ['Workflow', 'Status'],
  ['RecordState'],
  ['Resources', 0, 'Id'],
];
const OCSF_LEAVES: Path[] = [
  ['finding_info', 'uid'],
  ['metadata', 'product', 'uid'],
  ['cloud', 'account', 'uid'],
  ['cloud', 'region'],
  ['compliance', 'control'],
  ['compliance', 'status'],
  ['compliance', 'status_id'],
  ['status_id'],
  ['status'],
  ['activity_id'],
  ['activity_name'],
  ['resources', 0, 'uid'],
  ['resources', 0, 'uid_alt'],
];
// `detail.findings` and each container above a leaf count through the leaves below them.
const ENVELOPE_LEAVES: Path[] = [['source'], ['detail-type']];
const CUSTOM_ACTION_LEAVES: Path[] = [
  ['resources', 0],
  ['detail', 'actionName'],
  ['detail', 'actionDescription'],
];

/** The paths whose value normalisation reads; changing anything else must change nothing. */
export function relevantLeaves(event: unknown): Path[] {
  const detailType = getAt(event, ['detail-type']);
  const finding = (detailType === 'Findings Imported V2' ? OCSF_LEAVES : ASFF_LEAVES).map((leaf) => [
    ...FINDING,
    ...leaf,
  ]);
  const extra = detailType === 'Security Hub Findings - Custom Action' ? CUSTOM_ACTION_LEAVES : [];
  return [...ENVELOPE_LEAVES, ...extra, ...finding];
}

const startsWith = (path: Path, prefix: Path): boolean =>
  prefix.length <= path.length && prefix.every((key, index) => path[index] === key);

export function isRelevant(path: Path, leaves: readonly Path[]): boolean {
  return leaves.some((leaf) => startsWith(leaf, path) || startsWith(path, leaf));
}
