import { readFileSync } from 'node:fs';
import { DescribeModelCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { describe, expect, it } from 'vitest';
import { asffImportedPattern, ocsfImportedPattern } from '../../src/domain/event-patterns.ts';
import { normalizeEvent } from '../../src/domain/findings/normalize-event.ts';
import { matchesPattern } from '../../src/domain/pattern-match.ts';
import { isRecord } from '../../src/local/service.ts';
import { sandbox } from './helpers.ts';

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));
}

/** The demo scenario with its findings merged in, as the lead wires it. */
function demoScenario(): Record<string, unknown> {
  const scenario = readJson('../../src/local/scenarios/demo.json');
  const findings = readJson('../../src/local/scenarios/demo-findings.json');
  if (!isRecord(scenario) || !Array.isArray(findings)) throw new Error('unexpected demo files');
  return { ...scenario, findings };
}

const CONTEXT = { accountId: '111122223333', region: 'us-east-1' };
const DEPLOYMENT = { account: CONTEXT.accountId, region: CONTEXT.region };

describe('the demo findings', () => {
  it('give every model without network isolation one SageMaker.5 finding that triggers sm5', async () => {
    // Prepare
    const sb = await sandbox({ scenario: demoScenario() });
    const sm = new SageMakerClient({ ...sb.clientConfig(), maxAttempts: 1 });
    const models = sb.scenario.models.map((m) => m.ModelName);
    const exposed: string[] = [];
    for (const name of models) {
      const model = await sm.send(new DescribeModelCommand({ ModelName: name }));
      if (model.EnableNetworkIsolation !== true) exposed.push(name);
    }

    // Act
    const requests = sb.securityHub.asffFindings().map((finding) => {
      const event = {
        source: 'aws.securityhub',
        'detail-type': 'Security Hub Findings - Imported',
        account: CONTEXT.accountId,
        region: CONTEXT.region,
        detail: { findings: [finding] },
      };
      expect(matchesPattern(asffImportedPattern(DEPLOYMENT), event)).toBe(true);
      return normalizeEvent(event, CONTEXT);
    });

    // Assess
    expect(exposed.length).toBeGreaterThan(0);
    expect(requests.map((r) => r.modelName).sort()).toEqual([...exposed].sort());
  });

  it('include one OCSF finding about a model the ASFF findings also cover', async () => {
    // Prepare
    const sb = await sandbox({ scenario: demoScenario() });

    // Act
    const requests = sb.securityHub.ocsfFindings().map((finding) => {
      const event = {
        source: 'aws.securityhub',
        'detail-type': 'Findings Imported V2',
        account: CONTEXT.accountId,
        region: CONTEXT.region,
        detail: { findings: [finding] },
      };
      expect(matchesPattern(ocsfImportedPattern(DEPLOYMENT), event)).toBe(true);
      return normalizeEvent(event, CONTEXT);
    });

    // Assess
    expect(requests).toHaveLength(1);
    const asffModels = sb.securityHub.asffFindings().map((f) => f.Resources[0]?.Id);
    expect(asffModels).toContain(requests[0]?.modelArn);
  });
});
