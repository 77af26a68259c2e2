/**
 * How the Lambdas are bundled. The esbuild plugin that lets the SDK's unused schemas go must change how the
 * schema modules are written, never what they hold; and each step's bundle holds the SDK commands its role
 * allows, no fewer and no more.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildLambda,
  literalSchemaKeys,
  SDK_SCHEMA_FILE,
  sdkSchemaKeys,
} from '../../infra/bundling/lambda-build.ts';
import { permissionsFor, WORKFLOW_FUNCTIONS } from '../../src/domain/workflow-functions.ts';

const require = createRequire(import.meta.url);
const work = mkdtempSync(join(tmpdir(), 'sm5-lambda-build-'));

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

/** The schema module of an installed SDK client, by absolute path (its package exports hide it). */
function schemaFile(client: string): string {
  const cjsEntry = require.resolve(`@aws-sdk/${client}`);
  return join(dirname(cjsEntry), '..', 'dist-es', 'schemas', 'schemas_0.js');
}

/** The module bundled with or without the plugin: its code, and its exports as text (thunks by their source). */
async function bundled(file: string, withPlugin: boolean): Promise<{ code: string; exports: string }> {
  const outfile = join(work, `${withPlugin ? 'with' : 'without'}-${Math.random().toString(36).slice(2)}.mjs`);
  await build({
    stdin: { contents: `export * from ${JSON.stringify(file)};`, resolveDir: dirname(file), loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    logLevel: 'silent',
    plugins: withPlugin ? [sdkSchemaKeys()] : [],
  });
  const module: Record<string, unknown> = await import(pathToFileURL(outfile).href);
  return {
    code: readFileSync(outfile, 'utf8'),
    exports: JSON.stringify(module, (_key, value) => (typeof value === 'function' ? String(value) : value)),
  };
}

describe('literalSchemaKeys', () => {
  it('writes a computed key that names a string constant as that string, and leaves the rest', () => {
    const source = [
      'const _h = "http";',
      'const _e = "error";',
      'export var A$ = [9, n0, _A, { [_h]: ["PATCH", "/x", 200] }, () => B$];',
      'export var B$ = [3, n0, _B,',
      '  { [_e]: _c,',
      '    [_hE]: 400 },',
      '  [values[_i]], 0];',
    ].join('\n');
    const out = literalSchemaKeys(source);
    expect(out).toContain('{ "http": ["PATCH", "/x", 200] }');
    expect(out).toContain('{ "error": _c,');
    // `_hE` is no string constant here, and `values[_i]` is no key.
    expect(out).toContain('[_hE]: 400');
    expect(out).toContain('[values[_i]]');
  });

  it('applies to the schema modules of every SDK client, and only to them', () => {
    expect(SDK_SCHEMA_FILE.test(schemaFile('client-securityhub'))).toBe(true);
    expect(
      SDK_SCHEMA_FILE.test('/p/node_modules/@aws-sdk/client-sagemaker/dist-es/schemas/schemas_0.js'),
    ).toBe(true);
    expect(SDK_SCHEMA_FILE.test('/p/node_modules/@aws-sdk/client-sagemaker/dist-es/commands/X.js')).toBe(
      false,
    );
    expect(SDK_SCHEMA_FILE.test('/p/src/schemas/schemas_0.js')).toBe(false);
  });

  it.each(['client-securityhub', 'client-sagemaker', 'client-sfn'])(
    'leaves every schema %s exports exactly as it was',
    async (client) => {
      const file = schemaFile(client);
      const [before, after] = await Promise.all([bundled(file, false), bundled(file, true)]);
      expect(after.code).not.toEqual(before.code);
      expect(after.exports.length).toBeGreaterThan(1000);
      expect(after.exports).toEqual(before.exports);
    },
    60_000,
  );
});

/** `node_modules/@aws-sdk/client-sagemaker/dist-es/commands/DescribeEndpointCommand.js` → `sagemaker:DescribeEndpoint`. */
const COMMAND_MODULE = /@aws-sdk\/client-([a-z0-9-]+)\/dist-es\/commands\/(\w+)Command\.js$/;

/** The IAM action that authorises a command, where it is not the command's own name. */
const ACTION_OF_COMMAND: Readonly<Record<string, string>> = {
  // Security Hub authorises the OCSF variant with the ASFF action.
  'securityhub:BatchUpdateFindingsV2': 'securityhub:BatchUpdateFindings',
};

/** Actions a role needs for commands it sends, besides their own: SageMaker checks AddTags on a create with Tags. */
const IMPLIED_ACTIONS: Readonly<Record<string, string>> = {
  'sagemaker:CreateModel': 'sagemaker:AddTags',
  'sagemaker:CreateEndpointConfig': 'sagemaker:AddTags',
};

describe('each step bundle', () => {
  it.each(WORKFLOW_FUNCTIONS.map((fn) => [fn.id, fn] as const))(
    '%s holds exactly the SDK commands its role allows',
    async (_id, fn) => {
      const outdir = join(work, fn.id);
      const metafile = await buildLambda(join(process.cwd(), fn.handlerFile), outdir, process.cwd());
      const inputs = Object.keys(Object.values(metafile.outputs)[0]?.inputs ?? {});
      const actions = new Set<string>();
      for (const input of inputs) {
        const [, client, command] = COMMAND_MODULE.exec(input) ?? [];
        if (client === undefined || command === undefined) continue;
        // Every client carries STS for web-identity credentials; the Lambda's own role supplies them instead.
        if (client === 'sts' || input.includes('nested-clients')) continue;
        const action = `${client}:${command}`;
        actions.add(ACTION_OF_COMMAND[action] ?? action);
        const implied = IMPLIED_ACTIONS[action];
        if (implied !== undefined) actions.add(implied);
      }
      const granted = new Set(
        permissionsFor(fn, ['any-alarm'])
          .flatMap((p) => p.actions)
          .filter((action) => /^(sagemaker|securityhub):/.test(action)),
      );
      expect([...actions].sort()).toEqual([...granted].sort());
    },
    60_000,
  );
});
