/**
 * Small schemas shared by the builders, the plan and the steps. Our own objects are strict; the AWS request
 * shapes they carry are loose objects, because AWS adds members and a copy must keep the ones we do not know.
 */
import * as z from 'zod';
import { ResourceName } from '../request.ts';

/** Who caused a resource to exist: written as tags on everything sm5 creates. */
export const Lineage = z
  .object({
    /** The finding's id (ASFF `Id` or OCSF `finding_info.uid`); null for a request from the CLI. */
    findingId: z.string().min(1).nullable(),
    /** The run: the execution ARN in the workflow, a generated id from the CLI; null when only planning. */
    runId: z.string().min(1).nullable(),
  })
  .strict();
export type Lineage = z.infer<typeof Lineage>;

/** One model replaced by its isolated clone in an endpoint config's variants. */
export const ModelSwap = z.object({ from: ResourceName, to: ResourceName }).strict();
export type ModelSwap = z.infer<typeof ModelSwap>;

export const AwsTag = z.looseObject({ Key: z.string().min(1), Value: z.string() });

/** The CreateModel request sm5 sends for a clone; isolation is not optional. */
export const CloneModelRequest = z.looseObject({
  ModelName: ResourceName,
  EnableNetworkIsolation: z.literal(true),
  PrimaryContainer: z.looseObject({}).optional(),
  Containers: z.array(z.looseObject({})).optional(),
  Tags: z.array(AwsTag).max(50).optional(),
});
export type CloneModelRequest = z.infer<typeof CloneModelRequest>;
