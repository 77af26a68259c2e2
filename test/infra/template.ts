/** Reading a synthesized template: IAM statements in a readable form, and fixture events. */
import { readFileSync } from 'node:fs';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface CfnResource {
  Type: string;
  Properties?: JsonObject;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A CloudFormation value as a string a reader can compare: `{Ref: X}` becomes `${X}`, `{Fn::GetAtt: [A, B]}`
 * `${A.B}`, and `Fn::Join` is joined, so a resource reads `arn:${AWS::Partition}:sagemaker:...:model/*`.
 */
export function render(value: Json | undefined): string {
  if (typeof value === 'string') return value;
  if (isObject(value)) {
    const ref = value.Ref;
    if (typeof ref === 'string') return `\${${ref}}`;
    const getAtt = value['Fn::GetAtt'];
    if (Array.isArray(getAtt)) return `\${${getAtt.map((part) => render(part)).join('.')}}`;
    const join = value['Fn::Join'];
    if (Array.isArray(join)) {
      const [separator, parts] = join;
      if (typeof separator === 'string' && Array.isArray(parts)) return parts.map(render).join(separator);
    }
  }
  return JSON.stringify(value);
}

function list(value: Json | undefined): Json[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export interface Statement {
  /** The logical id of the role or policy holding the statement. */
  owner: string;
  /** The roles the statement applies to (logical ids). */
  roles: string[];
  sid?: string;
  effect: string;
  actions: string[];
  resources: string[];
  condition: JsonObject;
}

function statementsOf(document: Json | undefined, owner: string, roles: string[]): Statement[] {
  if (!isObject(document)) return [];
  return list(document.Statement)
    .filter(isObject)
    .map((s) => ({
      owner,
      roles,
      ...(typeof s.Sid === 'string' ? { sid: s.Sid } : {}),
      effect: String(s.Effect),
      actions: list(s.Action).map(render),
      resources: list(s.Resource).map(render),
      condition: isObject(s.Condition) ? s.Condition : {},
    }));
}

function refName(value: Json): string {
  const rendered = render(value);
  return rendered.replace(/^\$\{/, '').replace(/(\.Arn)?\}$/, '');
}

/** Every statement of every identity policy: roles' inline policies and AWS::IAM::Policy/ManagedPolicy. */
export function identityStatements(resources: Record<string, CfnResource>): Statement[] {
  return Object.entries(resources).flatMap(([id, resource]) => {
    const props = resource.Properties ?? {};
    if (resource.Type === 'AWS::IAM::Role') {
      return list(props.Policies)
        .filter(isObject)
        .flatMap((policy) => statementsOf(policy.PolicyDocument, id, [id]));
    }
    if (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy') {
      return statementsOf(props.PolicyDocument, id, list(props.Roles).map(refName));
    }
    return [];
  });
}

/** The logical id of the role a Lambda function runs with. */
export function roleOfFunction(fn: CfnResource): string {
  return refName(fn.Properties?.Role ?? null);
}

export function loadEvent(name: string): JsonObject {
  const parsed: unknown = JSON.parse(
    readFileSync(new URL(`../fixtures/events/${name}.json`, import.meta.url), 'utf8'),
  );
  if (!isObject(parsed)) throw new Error(`fixture ${name} is not a JSON object`);
  return parsed;
}

export const EVENT_FIXTURES = [
  'asff-imported-consolidated',
  'asff-imported-legacy',
  'custom-action',
  'ocsf-imported-v2',
  'negative-asff-archived',
  'negative-asff-other-control',
  'negative-asff-passed',
  'negative-asff-suppressed',
] as const;
export type EventFixture = (typeof EVENT_FIXTURES)[number];
