import { fileURLToPath } from 'node:url';
import { DescribeModelCommand, paginateListEndpoints } from '@aws-sdk/client-sagemaker';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/domain/errors.ts';
import { startSandbox } from '../../src/local/sandbox.ts';
import { loadScenario, parseScenario } from '../../src/local/scenario.ts';
import { sageMakerClient, sandbox } from './helpers.ts';

const DEMO = fileURLToPath(new URL('../../src/local/scenarios/demo.json', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/scenarios/${name}`, import.meta.url));

async function rejection(action: Promise<unknown>): Promise<Error> {
  try {
    await action;
  } catch (e) {
    if (e instanceof Error) return e;
  }
  expect.fail('expected a rejection');
}

describe('the demo scenario', () => {
  it('loads, validates and names its account and region', async () => {
    // Act
    const scenario = await loadScenario(DEMO);

    // Assess
    expect(scenario.account).toBe('111122223333');
    expect(scenario.region).toBe('us-east-1');
    expect(scenario.models.map((m) => m.ModelName)).toContain('fraud-scorer-v3');
  });

  it('seeds every case the remediation must handle', async () => {
    // Prepare
    const sb = await sandbox({ scenario: DEMO });
    const sm = sageMakerClient(sb);

    // Act: walk the account as an auditor would
    const endpoints: { name: string; status: string }[] = [];
    for await (const page of paginateListEndpoints({ client: sm }, {})) {
      for (const e of page.Endpoints ?? [])
        endpoints.push({ name: e.EndpointName ?? '', status: e.EndpointStatus ?? '' });
    }
    const scenario = sb.scenario;
    const configsByEndpoint = new Map(scenario.endpoints.map((e) => [e.EndpointName, e.EndpointConfigName]));
    const configs = new Map(scenario.endpointConfigs.map((c) => [c.EndpointConfigName, c]));
    const models = new Map(scenario.models.map((m) => [m.ModelName, m]));
    const servedModels = new Set(
      scenario.endpoints.flatMap((e) => {
        const c = configs.get(e.EndpointConfigName);
        return [...(c?.ProductionVariants ?? []), ...(c?.ShadowProductionVariants ?? [])].flatMap(
          (v) => v.ModelName ?? [],
        );
      }),
    );
    const configOf = (endpoint: string) => configs.get(configsByEndpoint.get(endpoint) ?? '');
    const fraud = await sm.send(new DescribeModelCommand({ ModelName: 'fraud-scorer-v3' }));

    // Assess
    expect(endpoints).toHaveLength(scenario.endpoints.length);
    expect(endpoints.every((e) => e.status === 'InService')).toBe(true);
    expect(fraud.EnableNetworkIsolation).toBe(false);
    // a single-variant endpoint serving fraud-scorer-v3
    expect(configOf('fraud-scorer')?.ProductionVariants.map((v) => v.ModelName)).toEqual(['fraud-scorer-v3']);
    // a multi-variant endpoint with a shadow variant and two non-isolated models
    const multi = configOf('recommender');
    expect(multi?.ProductionVariants.length).toBeGreaterThan(1);
    expect(multi?.ShadowProductionVariants?.length).toBe(1);
    const multiModels = [
      ...(multi?.ProductionVariants ?? []),
      ...(multi?.ShadowProductionVariants ?? []),
    ].flatMap((v) => v.ModelName ?? []);
    expect(
      multiModels.filter((m) => models.get(m)?.EnableNetworkIsolation !== true).length,
    ).toBeGreaterThanOrEqual(2);
    // two endpoints sharing one config
    const sharing = [...configsByEndpoint.values()].filter((c, i, all) => all.indexOf(c) !== i);
    expect(sharing.length).toBeGreaterThanOrEqual(1);
    // a served model with a risky environment
    const risky = [...servedModels].filter((m) =>
      Object.entries(models.get(m)?.PrimaryContainer?.Environment ?? {}).some(
        ([k, v]) => (k === 'HF_MODEL_ID' && !v.startsWith('/')) || /^s3:\/\//.test(v),
      ),
    );
    expect(risky.length).toBeGreaterThanOrEqual(1);
    // a serverless endpoint
    expect(
      scenario.endpoints.some((e) =>
        configOf(e.EndpointName)?.ProductionVariants.some((v) => v.ServerlessConfig !== undefined),
      ),
    ).toBe(true);
    // an undeployed non-isolated model, and an isolated model
    expect(
      scenario.models.some((m) => !servedModels.has(m.ModelName) && m.EnableNetworkIsolation !== true),
    ).toBe(true);
    expect(scenario.models.some((m) => m.EnableNetworkIsolation === true)).toBe(true);
  });
});

describe('bad scenarios', () => {
  it('names the bad field of a model', async () => {
    // Act
    const error = await rejection(loadScenario(fixture('bad-model-name.json')));

    // Assess
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.message).toContain('models[1].ModelName: Member must satisfy regular expression pattern');
    expect(error.message).toContain('bad-model-name.json');
  });

  it('names an unknown member instead of dropping it silently', async () => {
    // Act
    const error = await rejection(loadScenario(fixture('unknown-member.json')));

    // Assess
    expect(error.message).toContain('models[0].PrimaryContainer.Enviroment: unknown member');
  });

  it('names a missing required member', async () => {
    // Act
    const error = await rejection(loadScenario(fixture('missing-variants.json')));

    // Assess
    expect(error.message).toContain('endpointConfigs[0].ProductionVariants');
  });

  it('names the fault and the account that are wrong', async () => {
    // Act
    const faults = await rejection(loadScenario(fixture('bad-faults.json')));
    const account = await rejection(loadScenario(fixture('bad-account.json')));

    // Assess
    expect(faults.message).toContain('faults.rules[0].ratePerSecond');
    expect(account.message).toContain('account: an AWS account id is 12 digits');
  });

  it('reports a file that is not JSON, or missing', async () => {
    // Act
    const truncated = await rejection(loadScenario(fixture('truncated-scenario.txt')));
    const missing = await rejection(loadScenario(fixture('no-such-file.json')));

    // Assess
    expect(truncated).toBeInstanceOf(InvalidInputError);
    expect(truncated.message).toMatch(/is not valid JSON/);
    expect(missing.message).toMatch(/^Cannot read scenario .*no-such-file\.json/);
  });

  it('rejects an endpoint whose config does not exist, with the API message and the entry', async () => {
    // Act
    const error = await rejection(startSandbox({ scenario: fixture('endpoint-without-config.json') }));

    // Assess
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.message).toContain(
      'endpoints[1] (CreateEndpoint): Could not find endpoint configuration "arn:aws:sagemaker:us-east-1:111122223333:endpoint-config/missing-config".',
    );
  });

  it('rejects duplicate names and isolated serverless models like the API does', async () => {
    // Prepare
    const image = '111122223333.dkr.ecr.us-east-1.amazonaws.com/x:1';
    const duplicate = {
      models: ['Twin', 'twin'].map((ModelName) => ({ ModelName, PrimaryContainer: { Image: image } })),
    };
    const serverless = {
      models: [{ ModelName: 'iso', PrimaryContainer: { Image: image }, EnableNetworkIsolation: true }],
      endpointConfigs: [
        {
          EndpointConfigName: 'sls',
          ProductionVariants: [
            {
              VariantName: 'AllTraffic',
              ModelName: 'iso',
              ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 1 },
            },
          ],
        },
      ],
    };

    // Act
    const twins = await rejection(startSandbox({ scenario: duplicate }));
    const isolated = await rejection(startSandbox({ scenario: serverless }));

    // Assess
    expect(twins.message).toContain('models[1] (CreateModel): Cannot create already existing model');
    expect(isolated.message).toContain(
      'endpointConfigs[0] (CreateEndpointConfig): Network isolation is not supported for serverless endpoints',
    );
  });

  it('accepts an empty scenario with the default account and region', () => {
    // Act
    const scenario = parseScenario({});

    // Assess
    expect(scenario).toMatchObject({
      account: '111122223333',
      region: 'us-east-1',
      models: [],
      findings: [],
    });
  });
});
