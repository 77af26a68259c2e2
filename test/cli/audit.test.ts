import { describe, expect, it } from 'vitest';
import { makeSageMakerClient } from '../../src/aws/clients.ts';
import { sagemakerGateway } from '../../src/aws/sagemaker.ts';
import { AuditReport } from '../../src/domain/audit/index.ts';
import { normalizeDirect } from '../../src/domain/findings/index.ts';
import { makePlan } from '../../src/domain/plan/index.ts';
import type { Sandbox } from '../../src/local/sandbox.ts';
import {
  cliSandbox,
  DEMO_SCENARIO,
  ISOLATED_SCENARIO,
  parseJson,
  runCli,
  sandboxArgs,
  spawnCli,
} from './helpers.ts';

/** What the plan's rules give each model of the demo account. */
const DEMO_VERDICTS = {
  'churn-predictor-v2': ['remediate', false],
  'demand-forecast': ['remediate', true],
  'document-classifier': ['blocked', false],
  'fraud-scorer-v2': ['remediate', false],
  'fraud-scorer-v3': ['remediate', false],
  'image-tagger-v4': ['noop', false],
  'recommender-v7': ['remediate', false],
  'recommender-v7-graviton': ['noop', false],
  'recommender-v8': ['remediate', false],
  'sentiment-hf': ['remediate', true],
  'summarizer-7b': ['blocked', false],
} as const;

function verdictsOf(report: AuditReport) {
  return Object.fromEntries(report.models.map((m) => [m.name, [m.verdict, m.needsApproval]]));
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

function describedConfigs(sb: Sandbox, from = 0): string[] {
  return sb.requestLog
    .slice(from)
    .filter((e) => e.operation === 'DescribeEndpointConfig' && e.status === 200)
    .map((e) => String(Reflect.get(Object(e.input), 'EndpointConfigName')));
}

describe('sm5 audit', () => {
  it('gives every model of the demo account its verdict as JSON, describing each config once', async () => {
    // Prepare
    const sb = await cliSandbox(DEMO_SCENARIO);

    // Act
    const result = await spawnCli([...sandboxArgs(sb), '--json', 'audit']);

    // Assess
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const report = AuditReport.parse(parseJson(result.stdout));
    expect(verdictsOf(report)).toEqual(DEMO_VERDICTS);
    expect(report).toMatchObject({ account: '111122223333', region: 'us-east-1' });
    expect(report.summary).toEqual({
      models: 11,
      isolated: 2,
      notIsolated: 9,
      remediate: 7,
      needsApproval: 2,
      blocked: 2,
      noop: 2,
      endpoints: 9,
    });
    const churn = report.models.find((m) => m.name === 'churn-predictor-v2');
    expect(churn?.servedBy.map((s) => s.endpointName).sort()).toEqual([
      'churn-predictor-eu',
      'churn-predictor-us',
    ]);
    const shadow = report.models.find((m) => m.name === 'recommender-v8');
    expect(shadow?.servedBy).toEqual([
      expect.objectContaining({ endpointName: 'recommender', kind: 'shadow' }),
    ]);
    const configs = describedConfigs(sb);
    expect(Object.values(countBy(configs)).every((n) => n === 1)).toBe(true);
    expect(new Set(configs).size).toBe(8);
    expect(report.apiCalls.DescribeEndpointConfig).toEqual({ calls: 8, throttled: 0 });
    // Tags decide exemptions, which only matter for models without isolation.
    const tagged = sb.requestLog
      .filter((e) => e.operation === 'ListTags')
      .map((e) => String(Object(e.input).ResourceArn));
    expect(tagged).toHaveLength(9);
    expect(tagged.some((arn) => arn.endsWith('/image-tagger-v4'))).toBe(false);
  });

  it('applies exactly the rules `sm5 plan` applies, model by model', async () => {
    // Prepare
    const sb = await cliSandbox(DEMO_SCENARIO);
    const sagemaker = sagemakerGateway(makeSageMakerClient({ ...sb.clientConfig(), endpoint: sb.url }));

    // Act
    const audit = await runCli([...sandboxArgs(sb), '--json', 'audit']);
    const report = AuditReport.parse(parseJson(audit.stdout));
    const plans = await Promise.all(
      report.models.map((m) =>
        makePlan(normalizeDirect({ modelName: m.name }, { accountId: sb.account, region: sb.region }), {
          sagemaker,
        }),
      ),
    );

    // Assess
    report.models.forEach((model, i) => {
      const plan = plans[i];
      expect({ name: model.name, verdict: model.verdict, needsApproval: model.needsApproval }).toEqual({
        name: plan?.model?.name,
        verdict: plan?.verdict,
        needsApproval: plan?.needsApproval,
      });
      expect(model.risks).toEqual(plan?.risks);
      expect(model.cloneModelName).toBe(plan?.cloneModelName);
      expect(model.reasons[0]).toBe(plan?.reasons[0]);
    });
  });

  it('prints a table and exits 1 when some models lack isolation, with no progress off a terminal', async () => {
    // Prepare
    const sb = await cliSandbox(DEMO_SCENARIO);

    // Act
    const result = await runCli([...sandboxArgs(sb), 'audit']);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^MODEL\s+ISOLATED\s+VERDICT\s+ENDPOINTS\s+NOTE$/);
    const row = (name: string) => lines.find((line) => line.startsWith(`${name} `)) ?? '';
    expect(row('sentiment-hf')).toMatch(
      /^sentiment-hf\s+NO\s+remediate \(approval\)\s+sentiment-analysis\s+.*HF_MODEL_ID/,
    );
    expect(row('document-classifier')).toMatch(/NO\s+blocked\s+document-classifier\s+.*serverless/);
    expect(row('image-tagger-v4')).toMatch(/^image-tagger-v4\s+yes\s+noop\s+image-tagger$/);
    expect(row('recommender-v8')).toMatch(/recommender \(shadow\)/);
    expect(row('churn-predictor-v2')).toMatch(/churn-predictor-eu, churn-predictor-us/);
    expect(result.stdout).toContain(
      '11 model(s) in account 111122223333, us-east-1: 2 isolated, 9 without network isolation (7 to remediate, 2 of them need approval; 2 blocked); 9 endpoint(s) read.',
    );
  });

  it('shows progress on stderr only when stderr is a terminal', async () => {
    // Prepare
    const sb = await cliSandbox(DEMO_SCENARIO);

    // Act
    const result = await runCli([...sandboxArgs(sb), '--json', 'audit'], { stderrTty: true });

    // Assess
    const erase = '\r\u001b[2K';
    const frames = result.stderr.split(erase);
    expect(frames[0]).toBe('');
    expect(frames[1]).toMatch(/^sm5 audit: models \d+\/\d+\+?, endpoints (listing|\d+\/\d+)$/);
    expect(result.stderr.endsWith(erase)).toBe(true);
    expect(AuditReport.parse(parseJson(result.stdout)).summary.models).toBe(11);
  });

  it('exits 0 when every model is isolated', async () => {
    // Prepare
    const sb = await cliSandbox(ISOLATED_SCENARIO);

    // Act
    const result = await runCli([...sandboxArgs(sb), 'audit']);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^iso-a\s+yes\s+noop\s+iso-endpoint$/m);
    expect(result.stdout).toMatch(/^iso-b\s+yes\s+noop\s+-$/m);
  });

  it('stays correct under throttling: throttled calls are paced and sent again, configs still described once', async () => {
    // Prepare
    const sb = await cliSandbox(DEMO_SCENARIO);
    sb.faults.setRateLimit({ service: 'sagemaker' }, 20, 2);

    // Act
    const result = await runCli([...sandboxArgs(sb), '--json', 'audit']);

    // Assess
    const report = AuditReport.parse(parseJson(result.stdout));
    expect(verdictsOf(report)).toEqual(DEMO_VERDICTS);
    const throttled = sb.requestLog.filter((e) => e.errorCode === 'ThrottlingException');
    expect(throttled.length).toBeGreaterThan(0);
    const reported = Object.values(report.apiCalls).reduce((sum, op) => sum + op.throttled, 0);
    expect(reported).toBe(throttled.length);
    expect(Object.values(countBy(describedConfigs(sb))).every((n) => n === 1)).toBe(true);
  });
});
