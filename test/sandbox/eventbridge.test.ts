import { readFileSync } from 'node:fs';
import { BatchUpdateFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/domain/errors.ts';
import { EventBus, forwardEvents, importedEvents, sm5EventBus } from '../../src/local/eventbridge/index.ts';
import type { Sandbox } from '../../src/local/sandbox.ts';
import { sandbox } from './helpers.ts';

function sample(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../fixtures/events/${name}.json`, import.meta.url), 'utf8'));
}

function firstFinding(event: Record<string, unknown>): Record<string, unknown> {
  const detail = event.detail as { findings: Record<string, unknown>[] };
  const [finding] = detail.findings;
  if (finding === undefined) throw new Error('sample without a finding');
  return finding;
}

/** A stand-in for the workflow: the routing, not the run, is under test here. */
function registerStub(sb: Sandbox): string {
  return sb.stepFunctions.registerStateMachine({
    name: 'sm5-remediate-model',
    definition: { StartAt: 'Done', States: { Done: { Type: 'Succeed' } } },
  }).stateMachineArn;
}

function inputs(sb: Sandbox, stateMachineArn: string): unknown[] {
  return sb.stepFunctions
    .executionsOf(stateMachineArn)
    .reverse()
    .map((execution) => JSON.parse(execution.input));
}

const MATCHING = ['asff-imported-consolidated', 'asff-imported-legacy', 'custom-action', 'ocsf-imported-v2'];
const NEGATIVE = [
  'negative-asff-passed',
  'negative-asff-other-control',
  'negative-asff-suppressed',
  'negative-asff-archived',
];

describe("the sandbox's EventBridge with sm5's rules", () => {
  it.each(MATCHING)('starts one execution for %s, with the whole event as input', async (name) => {
    // Prepare
    const sb = await sandbox();
    const machine = registerStub(sb);
    const bus = sm5EventBus(sb, machine);
    const event = sample(name);

    // Act
    const deliveries = await bus.publish(event);

    // Assess
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]?.result).toMatch(
      /^arn:aws:states:us-east-1:111122223333:execution:sm5-remediate-model:/,
    );
    expect(inputs(sb, machine)).toEqual([event]);
  });

  it.each(NEGATIVE)('starts nothing for %s', async (name) => {
    // Prepare
    const sb = await sandbox();
    const machine = registerStub(sb);
    const bus = sm5EventBus(sb, machine);

    // Act
    const deliveries = await bus.publish(sample(name));

    // Assess
    expect(deliveries).toEqual([]);
    expect(sb.stepFunctions.executionsOf(machine)).toEqual([]);
  });

  it('routes the custom action only for the action in its own account and region', async () => {
    // Prepare
    const sb = await sandbox();
    const machine = registerStub(sb);
    const bus = sm5EventBus(sb, machine);
    const other = {
      ...sample('custom-action'),
      resources: ['arn:aws:securityhub:us-east-1:444455556666:action/custom/Sm5Remediate'],
    };

    // Act
    const deliveries = await bus.publish(other);

    // Assess
    expect(deliveries).toEqual([]);
  });

  it("does not start a run for the events sm5's own finding updates emit", async () => {
    // Prepare: the finding in Security Hub, its events forwarded to the bus
    const finding = firstFinding(sample('asff-imported-consolidated'));
    const sb = await sandbox({ scenario: { findings: [finding] } });
    const machine = registerStub(sb);
    const bus = sm5EventBus(sb, machine);
    forwardEvents(sb.securityHub, bus);
    const [imported] = importedEvents(sb.securityHub.asffFindings());
    if (imported === undefined) throw new Error('no import event');
    await bus.publish(imported);
    const securityHub = new SecurityHubClient({ ...sb.clientConfig(), maxAttempts: 1 });

    // Act: what a run does first, then last
    for (const Status of ['NOTIFIED', 'RESOLVED'] as const) {
      await securityHub.send(
        new BatchUpdateFindingsCommand({
          FindingIdentifiers: [{ Id: String(finding.Id), ProductArn: String(finding.ProductArn) }],
          Workflow: { Status },
          Note: { Text: `sm5 run: ${Status}`, UpdatedBy: 'sm5' },
        }),
      );
    }
    await bus.idle();

    // Assess: both updates reached the bus, and only the import started a run
    const forwarded = bus.deliveries.length;
    expect(sb.securityHub.events).toHaveLength(2);
    expect(
      sb.securityHub.events.map(
        (e) => (e.detail.findings[0] as { Workflow: { Status: string } }).Workflow.Status,
      ),
    ).toEqual(['NOTIFIED', 'RESOLVED']);
    expect(forwarded).toBe(1);
    expect(sb.stepFunctions.executionsOf(machine)).toHaveLength(1);
  });

  it('records a target that refuses an event as a failed delivery', async () => {
    // Prepare
    const bus = new EventBus({ account: '111122223333', region: 'us-east-1' });
    bus.putRule('all-security-hub', { source: ['aws.securityhub'] }, [
      {
        id: 'broken',
        deliver: () => Promise.reject(new Error('StateMachineDoesNotExist')),
      },
    ]);

    // Act
    const deliveries = await bus.publish(sample('asff-imported-consolidated'));

    // Assess
    expect(deliveries).toEqual([
      expect.objectContaining({
        rule: 'all-security-hub',
        targetId: 'broken',
        error: 'Error: StateMachineDoesNotExist',
      }),
    ]);
  });

  it('fills in the envelope PutEvents would, and refuses patterns the matcher cannot honour', async () => {
    // Prepare
    const bus = new EventBus({
      account: '111122223333',
      region: 'eu-west-1',
      now: () => Date.UTC(2026, 0, 2, 3, 4, 5),
    });
    const seen: unknown[] = [];
    bus.putRule('any', { source: ['sm5.test'] }, [
      {
        id: 'collect',
        deliver: async (event) => {
          seen.push(event);
          return 'ok';
        },
      },
    ]);

    // Act
    await bus.publish({ source: 'sm5.test', 'detail-type': 'Probe', detail: { a: 1 } });

    // Assess
    expect(seen).toEqual([
      {
        version: '0',
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        source: 'sm5.test',
        'detail-type': 'Probe',
        account: '111122223333',
        region: 'eu-west-1',
        time: '2026-01-02T03:04:05Z',
        resources: [],
        detail: { a: 1 },
      },
    ]);
    expect(() => bus.putRule('bad', { source: [{ suffix: '.test' }] }, [])).toThrow(InvalidInputError);
  });
});
