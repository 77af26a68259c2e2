/**
 * The two audits the benchmark compares, each run in its own process against the sandbox (`AWS_*` from the
 * parent): `sm5` runs `sm5 audit`'s own code path (the CLI's AWS context and `auditAccount`), `sequential`
 * the loop a shell audit runs, with the SDK: list, then describe one resource after another.
 * Prints one JSON line: the wall time of the audit itself (process start-up and the credentials look-up
 * before it are left out, for both alike) and what it found.
 *
 * Usage: node --import tsx bench/clients/audit-clients.ts sm5|sequential <endpoint-url> <region> [models] [endpoints]
 */
import {
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
  ListEndpointsCommand,
  ListModelsCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { awsContext } from '../../src/cli/aws-context.ts';
import { auditAccount } from '../../src/domain/audit/index.ts';

const [mode, endpointUrl, region, modelLimit, endpointLimit] = process.argv.slice(2);
if (endpointUrl === undefined || region === undefined)
  throw new Error('usage: audit-clients.ts <mode> <url> <region>');

async function sm5Audit(url: string, awsRegion: string) {
  const aws = awsContext({ endpointUrl: url, region: awsRegion });
  // As the CLI does before its fan-out; outside the timed part, like the sequential loop's warm-up.
  const { account } = await aws.identity();
  const started = performance.now();
  const report = await auditAccount({ sagemaker: aws.auditSageMaker() }, { account, region: awsRegion });
  return {
    wall_ms: performance.now() - started,
    models: report.summary.models,
    not_isolated: report.summary.notIsolated,
    endpoints: report.summary.endpoints,
    served_models: report.models.filter((m) => m.servedBy.length > 0).length,
  };
}

async function sequentialAudit(url: string, awsRegion: string, maxModels: number, maxEndpoints: number) {
  const client = new SageMakerClient({ endpoint: url, region: awsRegion });
  const aws = awsContext({ endpointUrl: url, region: awsRegion });
  await aws.identity();
  const started = performance.now();
  let calls = 0;
  const send = <T>(call: () => Promise<T>) => {
    calls += 1;
    return call();
  };

  const modelNames: string[] = [];
  let token: string | undefined;
  do {
    const page = await send(() =>
      client.send(new ListModelsCommand({ MaxResults: 100, ...(token ? { NextToken: token } : {}) })),
    );
    for (const m of page.Models ?? []) if (m.ModelName) modelNames.push(m.ModelName);
    token = page.NextToken || undefined;
  } while (token !== undefined);
  let notIsolated = 0;
  for (const name of modelNames.slice(0, maxModels)) {
    const described = await send(() => client.send(new DescribeModelCommand({ ModelName: name })));
    if (described.EnableNetworkIsolation !== true) notIsolated += 1;
  }

  const endpointNames: string[] = [];
  token = undefined;
  do {
    const page = await send(() =>
      client.send(new ListEndpointsCommand({ MaxResults: 100, ...(token ? { NextToken: token } : {}) })),
    );
    for (const e of page.Endpoints ?? []) if (e.EndpointName) endpointNames.push(e.EndpointName);
    token = page.NextToken || undefined;
  } while (token !== undefined);
  const served = new Set<string>();
  for (const name of endpointNames.slice(0, maxEndpoints)) {
    const described = await send(() => client.send(new DescribeEndpointCommand({ EndpointName: name })));
    const config = await send(() =>
      client.send(new DescribeEndpointConfigCommand({ EndpointConfigName: described.EndpointConfigName })),
    );
    for (const v of config.ProductionVariants ?? []) if (v.ModelName) served.add(v.ModelName);
  }
  return {
    wall_ms: performance.now() - started,
    calls,
    models_listed: modelNames.length,
    models_described: Math.min(maxModels, modelNames.length),
    not_isolated: notIsolated,
    endpoints_listed: endpointNames.length,
    endpoints_described: Math.min(maxEndpoints, endpointNames.length),
    served_models: served.size,
  };
}

const result =
  mode === 'sm5'
    ? await sm5Audit(endpointUrl, region)
    : await sequentialAudit(
        endpointUrl,
        region,
        Number(modelLimit ?? Number.POSITIVE_INFINITY),
        Number(endpointLimit ?? Number.POSITIVE_INFINITY),
      );
process.stdout.write(`${JSON.stringify(result)}\n`);
