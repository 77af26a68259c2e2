/**
 * The zod that src/domain, src/aws and src/handlers use: zod/mini, with English messages. Everything here
 * runs in the Lambdas, where building our schemas with zod classic cost 20-40 ms of each cold start (every
 * classic schema carries its method API, and each chained call clones); mini's functions build them cheaply.
 * Biome forbids importing 'zod' itself in those folders.
 *
 * zod/mini loads no locale, so its issues would all say "Invalid input". The English locale is the one file
 * classic loads; `describeIssues` and the config errors show its messages to people.
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';
// Named, for `instanceof` at run time: reaching them through `z.core` makes a bundler keep the whole `core`
// namespace, every locale included (~200 KiB).
export { $ZodDefault, $ZodObject, $ZodOptional, $ZodPrefault } from 'zod/v4/core';
