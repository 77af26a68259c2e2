/**
 * AddTags, ListTags, DeleteTags: on any SageMaker ARN the account holds. Create* calls tag through their
 * own Tags member; Describe* never returns tags, so ListTags is the only way to read them.
 */
import { validationError } from '../service.ts';
import { parseRequest } from './constraints.ts';
import type { SageMakerContext } from './context.ts';
import { invalidNextToken, type Noun, notFound } from './messages.ts';
import { assertUniqueTagKeys } from './models.ts';
import { AddTagsInput, DeleteTagsInput, ListTagsInput } from './shapes.ts';
import type { ResourceType } from './state.ts';

const MAX_TAGS = 50;

const NOUNS: Readonly<Record<ResourceType, Noun>> = {
  model: 'model',
  'endpoint-config': 'endpoint configuration',
  endpoint: 'endpoint',
  'inference-component': 'inference component',
};

function isResourceType(value: string): value is ResourceType {
  return Object.hasOwn(NOUNS, value);
}

/** The canonical (lowercased) ARN of an existing resource, or the not-found error SageMaker gives. */
function resolveArn(ctx: SageMakerContext, arn: string): string {
  const [prefix, partition, service, region, account, ...rest] = arn.split(':');
  const resource = rest.join(':');
  const slash = resource.indexOf('/');
  const type = resource.slice(0, slash);
  const name = resource.slice(slash + 1).toLowerCase();
  const here =
    prefix === 'arn' &&
    partition === ctx.state.partition &&
    service === 'sagemaker' &&
    region === ctx.state.region &&
    account === ctx.state.account;
  if (slash === -1 || !isResourceType(type)) {
    throw validationError(`Resource type of "${arn}" is not supported by the sandbox.`);
  }
  const maps = {
    model: ctx.state.models,
    'endpoint-config': ctx.state.endpointConfigs,
    endpoint: ctx.state.endpoints,
    'inference-component': ctx.state.inferenceComponents,
  } as const;
  if (!here || !maps[type].has(name)) throw notFound(NOUNS[type], arn.toLowerCase());
  return ctx.state.arn(type, name);
}

export function addTags(ctx: SageMakerContext, raw: unknown): Record<string, unknown> {
  const input = parseRequest(AddTagsInput, raw);
  const arn = resolveArn(ctx, input.ResourceArn);
  assertUniqueTagKeys(input.Tags);
  const keys = new Set([...ctx.state.tagsOf(arn).map((t) => t.Key), ...input.Tags.map((t) => t.Key)]);
  if (keys.size > MAX_TAGS) {
    // Unverified wording; the limit of 50 tags per resource is documented.
    throw validationError(
      `A resource can have at most ${MAX_TAGS} tags; this request would give it ${keys.size}.`,
    );
  }
  ctx.state.setTags(arn, input.Tags);
  return { Tags: input.Tags };
}

interface TagCursor {
  readonly arn: string;
  readonly offset: number;
}

function decodeCursor(token: string): TagCursor | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const arn: unknown = Reflect.get(parsed, 'arn');
    const offset: unknown = Reflect.get(parsed, 'offset');
    return typeof arn === 'string' && typeof offset === 'number' ? { arn, offset } : undefined;
  } catch {
    return undefined;
  }
}

export function listTags(ctx: SageMakerContext, raw: unknown): Record<string, unknown> {
  const input = parseRequest(ListTagsInput, raw);
  const arn = resolveArn(ctx, input.ResourceArn);
  let offset = 0;
  if (input.NextToken !== undefined && input.NextToken !== '') {
    const cursor = decodeCursor(input.NextToken);
    if (cursor === undefined || cursor.arn !== arn) throw invalidNextToken();
    offset = cursor.offset;
  }
  const all = ctx.state.tagsOf(arn);
  const max = input.MaxResults ?? MAX_TAGS;
  const end = offset + max;
  const cursor: TagCursor = { arn, offset: end };
  return {
    Tags: all.slice(offset, end),
    NextToken: end < all.length ? Buffer.from(JSON.stringify(cursor)).toString('base64url') : undefined,
  };
}

export function deleteTags(ctx: SageMakerContext, raw: unknown): Record<string, unknown> {
  const input = parseRequest(DeleteTagsInput, raw);
  const arn = resolveArn(ctx, input.ResourceArn);
  const tags = ctx.state.tags.get(arn);
  for (const key of input.TagKeys) tags?.delete(key);
  return {};
}
