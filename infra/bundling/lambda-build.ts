/**
 * How a workflow Lambda is bundled, in one place: the CDK stack runs it for every function (through
 * bundle-cli.ts) and `npm run bench` measures exactly what it produces.
 *
 * The settings are those of NodejsFunction's esbuild (ESM, minified, node24, everything bundled) plus one
 * plugin, `sdkSchemaKeys`: the AWS SDK's REST-protocol clients (Security Hub among them) write their
 * schemas with computed keys (`{ [_h]: ["PATCH", ...] }`, `_h` a string constant), which esbuild must
 * assume has side effects, so it keeps every operation's schema and every shape they reach: 160 KiB and
 * ~30 ms of cold start for a handler that sends one Security Hub command (aws/aws-sdk-js-v3#7607). The plugin
 * writes those keys as the string literals they are, which is the fix proposed upstream
 * (smithy-lang/smithy-typescript#1889); the schemas' values are unchanged (test/infra/lambda-build.test.ts).
 */
import { readFile } from 'node:fs/promises';
import { type BuildOptions, build, type Metafile, type Plugin } from 'esbuild';

/** Some CommonJS dependencies call require() at run time; an ESM bundle needs it defined. */
const REQUIRE_SHIM = "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);";

export const LAMBDA_BUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  minify: true,
  mainFields: ['module', 'main'],
  sourcemap: false,
  // Bundle the SDK instead of using the runtime's copy: the versions we test are the versions that run, and
  // tree-shaking keeps only the clients the step imports.
  external: [],
  banner: { js: REQUIRE_SHIM },
  logLevel: 'warning',
} as const satisfies BuildOptions;

/** The generated schema module of an AWS SDK v3 client. */
export const SDK_SCHEMA_FILE =
  /[\\/]@aws-sdk[\\/]client-[a-z0-9-]+[\\/]dist-es[\\/]schemas[\\/]schemas_\d+\.js$/;

const STRING_CONSTANT = /^const (_[A-Za-z0-9_$]*) = ("(?:[^"\\\n]|\\.)*");$/gm;
const COMPUTED_KEY = /([{,]\s*)\[(_[A-Za-z0-9_$]*)\]:/g;

/** A schema module's text with every computed key that names a string constant written as that string. */
export function literalSchemaKeys(source: string): string {
  const constants = new Map<string, string>();
  for (const [, name, literal] of source.matchAll(STRING_CONSTANT)) {
    if (name !== undefined && literal !== undefined) constants.set(name, literal);
  }
  return source.replace(COMPUTED_KEY, (whole, before: string, name: string) => {
    const literal = constants.get(name);
    return literal === undefined ? whole : `${before}${literal}:`;
  });
}

export function sdkSchemaKeys(): Plugin {
  return {
    name: 'sm5-sdk-schema-keys',
    setup(builder) {
      builder.onLoad({ filter: SDK_SCHEMA_FILE }, async ({ path }) => ({
        contents: literalSchemaKeys(await readFile(path, 'utf8')),
        loader: 'js',
      }));
    },
  };
}

/** Bundles one handler file to `<outdir>/index.mjs`; the metafile says what went in. */
export async function buildLambda(entry: string, outdir: string, workingDir: string): Promise<Metafile> {
  const { metafile } = await build({
    ...LAMBDA_BUILD_OPTIONS,
    entryPoints: [entry],
    outfile: `${outdir}/index.mjs`,
    absWorkingDir: workingDir,
    plugins: [sdkSchemaKeys()],
    metafile: true,
  });
  return metafile;
}
