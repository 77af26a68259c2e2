/**
 * Hostile and broken scenario files, the sandbox's input: valid scenarios with members deleted or replaced,
 * truncated or garbled text, paths that are not files. Each either seeds a sandbox (then it is stopped) or is
 * refused with InvalidInputError naming the file (and, for a bad member, the member), and nothing is left
 * listening; `sm5 sandbox --scenario` turns the refusal into exit code 2 and one line.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.ts';
import { isSm5Error } from '../../src/domain/errors.ts';
import { startSandbox } from '../../src/local/sandbox.ts';
import { type AccountShape, finding, scenarioFor } from './support/fixtures.ts';
import { mutate, mutationsArb } from './support/hostile.ts';
import { propertyParameters } from './support/params.ts';

const DEMO: unknown = JSON.parse(
  readFileSync(new URL('../../src/local/scenarios/demo.json', import.meta.url), 'utf8'),
);

const SMALL: AccountShape = {
  models: [
    { name: 'fraud', isolated: false, exempt: false },
    { name: 'challenger', isolated: true, exempt: false },
  ],
  configs: [{ name: 'fraud-ab', production: ['fraud'], shadow: 'challenger' }],
  endpoints: [{ name: 'fraud-ab', config: 'fraud-ab' }],
};
const SMALL_SCENARIO: unknown = {
  ...scenarioFor(SMALL),
  findings: [finding('fraud')],
  faults: {
    latencyMs: 0,
    rules: [{ service: 'sagemaker', operation: 'DescribeModel', ratePerSecond: 100 }],
    errors: [{ operation: 'UpdateEndpoint', code: 'ThrottlingException', count: 1 }],
    failEndpointUpdates: [{ endpointName: 'fraud-ab', count: 1 }],
    busyEndpoints: [{ endpointName: 'fraud-ab', seconds: 60 }],
  },
};

const dir = mkdtempSync(join(tmpdir(), 'sm5-reliability-scenarios-'));
let files = 0;
function file(text: string): string {
  files += 1;
  const path = join(dir, `scenario-${files}.json`);
  writeFileSync(path, text);
  return path;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts a sandbox from the file; answers what is wrong with how it went. */
async function judge(path: string): Promise<{ refused: boolean; problems: string[] }> {
  const port = await freePort();
  try {
    const sb = await startSandbox({ scenario: path, port });
    await sb.stop();
    return { refused: false, problems: [] };
  } catch (error) {
    const problems: string[] = [];
    if (!isSm5Error(error) || error.name !== 'InvalidInputError') {
      problems.push(`refused with ${error instanceof Error ? error.name : typeof error}: ${String(error)}`);
    } else if (!error.message.includes(path)) {
      problems.push(`the message does not name the file: ${error.message}`);
    }
    // Nothing may be left listening: the port the sandbox was given is free again.
    const stillBound = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(true));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(false)));
    });
    if (stillBound) problems.push(`port ${port} is still bound after the refusal`);
    return { refused: true, problems };
  }
}

async function sandboxCommand(path: string): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const io = {
    stdout: { write: () => true, isTTY: false },
    stderr: {
      write: (text: string) => {
        stderr += text;
        return true;
      },
      isTTY: false,
    },
    stdin: Object.assign(Readable.from(['']), { isTTY: false }),
    exitCode: 0,
  };
  const code = await run(['sandbox', '--port', '0', '--scenario', path], io);
  return { code, stderr };
}

describe('hostile scenario files', () => {
  it('a valid scenario with members deleted or replaced seeds a sandbox or is refused, naming the file', async () => {
    const bases = [DEMO, SMALL_SCENARIO];
    const cases = fc
      .integer({ min: 0, max: bases.length - 1 })
      .chain((i) => mutationsArb(bases[i]).map((mutations) => mutate(bases[i], mutations)));
    let refusals = 0;
    await fc.assert(
      fc.asyncProperty(cases, async (scenario) => {
        const { refused, problems } = await judge(file(JSON.stringify(scenario)));
        if (refused) refusals += 1;
        expect(problems).toEqual([]);
      }),
      propertyParameters(40),
    );
    expect(refusals).toBeGreaterThan(0);
  });

  it('truncated, garbled or empty text is refused as not JSON, naming the file', async () => {
    const text = JSON.stringify(SMALL_SCENARIO);
    const broken = fc.oneof(
      fc.integer({ min: 0, max: text.length - 1 }).map((cut) => text.slice(0, cut)),
      fc.string({ unit: 'binary', maxLength: 50 }),
      fc.constantFrom('', '\uFEFF{}x', 'null', '[]', '"scenario"', '42'),
    );
    await fc.assert(
      fc.asyncProperty(broken, async (content) => {
        const { refused, problems } = await judge(file(content));
        expect(problems).toEqual([]);
        // A bare JSON value that is not an object is a scenario error too, never a crash.
        expect(refused).toBe(true);
      }),
      propertyParameters(30),
    );
  });

  it('a path that is not a readable file is refused, naming it', async () => {
    for (const path of [join(dir, 'missing.json'), dir]) {
      const { refused, problems } = await judge(path);
      expect({ path, refused, problems }).toEqual({ path, refused: true, problems: [] });
    }
  });

  it('sm5 sandbox --scenario refuses a broken file with exit code 2 and one line', async () => {
    const broken = [
      file(JSON.stringify({ models: [{ ModelName: 'bad name', PrimaryContainer: { Image: 'x' } }] })),
      file(JSON.stringify({ endpoints: [{ EndpointName: 'e', EndpointConfigName: 'missing' }] })),
      file(JSON.stringify({ faults: { rules: [{ ratePerSecond: -5 }] } })),
      file('{"models": ['),
      join(dir, 'missing.json'),
    ];
    for (const path of broken) {
      const { code, stderr } = await sandboxCommand(path);
      expect({ path, code }).toEqual({ path, code: 2 });
      expect(stderr).toMatch(
        /^sm5: cannot start the sandbox: (Invalid scenario|Scenario|Cannot read scenario) /,
      );
      expect(stderr).toContain(path);
      expect(stderr).not.toMatch(/^\s+at /m);
    }
  });
});
