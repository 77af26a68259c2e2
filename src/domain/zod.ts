/**
 * The zod that src/domain, src/aws and src/handlers use: zod/mini, with English messages. Everything here
 * runs in the Lambdas, where building our schemas with zod classic cost 20-40 ms of each cold start (every
 * classic schema carries its method API, and each chained call clones); mini's functions build them cheaply.
 * Biome forbids importing 'zod' itself in those folders.
 *
 * zod/mini loads no locale, so its issues would all say "Invalid input". The English locale is the one file
 * classic loads; `describeIssues` and the config errors show its messages to people.
 */
import {
  config,
  looseObject as miniLooseObject,
  strictObject as miniStrictObject,
  never,
  unknown,
  ZodMiniObject,
} from 'zod/mini';
import type { $loose, $strict, $ZodLooseShape, $ZodObjectParams, util } from 'zod/v4/core';
import en from 'zod/v4/locales/en.js';

config(en());

// zod/mini builds a new catchall schema for every object; the Lambdas build a few hundred objects at each
// cold start, so they share one catchall of each kind instead. zod never changes a schema once built, so
// sharing one is invisible to parsing (test/unit/domain/zod.test.ts).
const NO_OTHER_KEYS = never();
const ANY_OTHER_KEYS = unknown();

export function strictObject<T extends $ZodLooseShape>(
  shape: T,
  params?: string | $ZodObjectParams,
): ZodMiniObject<util.Writeable<T>, $strict> {
  if (params !== undefined) return miniStrictObject(shape, params);
  return new ZodMiniObject({ type: 'object', shape, catchall: NO_OTHER_KEYS }) as ZodMiniObject<
    util.Writeable<T>,
    $strict
  >;
}

export function looseObject<T extends $ZodLooseShape>(
  shape: T,
  params?: string | $ZodObjectParams,
): ZodMiniObject<util.Writeable<T>, $loose> {
  if (params !== undefined) return miniLooseObject(shape, params);
  return new ZodMiniObject({ type: 'object', shape, catchall: ANY_OTHER_KEYS }) as ZodMiniObject<
    util.Writeable<T>,
    $loose
  >;
}

export * from 'zod/mini';
// Named, for `instanceof` at run time: reaching them through `z.core` makes a bundler keep the whole `core`
// namespace, every locale included (~200 KiB).
export { $ZodDefault, $ZodObject, $ZodOptional, $ZodPrefault } from 'zod/v4/core';
