/**
 * Small schemas shared by the builders, the plan and the steps. Our own objects are strict; the AWS request
 * shapes they carry are loose objects, because AWS adds members and a copy must keep the ones we do not know.
 */
import { NonEmptyString, ResourceName } from '../names.ts';
import * as z from '../zod.ts';

/** Who caused a resource to exist: written as tags on everything sm5 creates. */
export const Lineage = z.strictObject({
  /** The finding's id (ASFF `Id` or OCSF `finding_info.uid`); null for a request from the CLI. */
  findingId: z.nullable(NonEmptyString),
  /** The run: the execution ARN in the workflow, a generated id from the CLI; null when only planning. */
  runId: z.nullable(NonEmptyString),
});
export type Lineage = z.infer<typeof Lineage>;

/** One model replaced by its isolated clone in an endpoint config's variants. */
export const ModelSwap = z.strictObject({ from: ResourceName, to: ResourceName });
export type ModelSwap = z.infer<typeof ModelSwap>;

export const AwsTag = z.looseObject({ Key: NonEmptyString, Value: z.string() });

/** The CreateModel request sm5 sends for a clone; isolation is not optional. */
export const CloneModelRequest = z.looseObject({
  ModelName: ResourceName,
  EnableNetworkIsolation: z.literal(true),
  PrimaryContainer: z.optional(z.looseObject({})),
  Containers: z.optional(z.array(z.looseObject({}))),
  Tags: z.optional(z.array(AwsTag).check(z.maxLength(50))),
});
export type CloneModelRequest = z.infer<typeof CloneModelRequest>;
