/**
 * The invariant checks themselves: a clean remediation passes all of them, and each one catches the
 * violation it exists for when the account is broken on purpose (a check that cannot fail proves nothing).
 */
import { readFileSync } from 'node:fs';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateEndpointConfigCommand,
  type CreateEndpointConfigCommandInput,
  CreateModelCommand,
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
  DescribeEndpointCommand,
  SageMakerClient,
  UpdateEndpointCommand,
} from '@aws-sdk/client-sagemaker';
import { afterEach, describe, expect, it } from 'vitest';
import { Plan } from '../../src/domain/plan/schema.ts';
import { substitutePlaceholders } from '../../src/domain/workflow/placeholders.ts';
import { WORKFLOW_FUNCTIONS } from '../../src/domain/workflow-functions.ts';
import { WORKFLOW_DEFINITION_URL } from '../../src/local/workflow/register.ts';
import { type AccountShape, findingEvent, modelRequest, scenarioFor } from './support/fixtures.ts';
import { buildHandlers } from './support/handlers.ts';
import { mutate, type Path } from './support/hostile.ts';
import { checkFixed, checkLocks, checkNote, checkRerun, mayStayOpen } from './support/invariants.ts';
import { openWorld, type RunRecord, type World } from './support/world.ts';

/** fraud on two endpoints sharing a config and on a third with a shadow challenger. */
const ACCOUNT: AccountShape = {
  models: [
    { name: 'fraud', isolated: false, exempt: false },
    { name: 'challenger', isolated: false, exempt: false },
  ],
  configs: [
    { name: 'fraud-shared', production: ['fraud'] },
    { name: 'fraud-ab', production: ['fraud'], shadow: 'challenger' },
  ],
  endpoints: [
    { name: 'fraud-1', config: 'fraud-shared' },
    { name: 'fraud-2', config: 'fraud-shared' },
    { name: 'fraud-ab', config: 'fraud-ab' },
  ],
};

const open: World[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((w) => w.close()));
});

async function world(): Promise<World> {
  const w = await openWorld({ scenario: scenarioFor(ACCOUNT), mayStayOpen: mayStayOpen(ACCOUNT) });
  open.push(w);
  return w;
}

/** A config with one instance-backed variant running `model`, as the SDK types it. */
function configInput(name: string, model: string): CreateEndpointConfigCommandInput {
  return {
    EndpointConfigName: name,
    ProductionVariants: [
      { VariantName: 'p0', ModelName: model, InstanceType: 'ml.m5.large', InitialInstanceCount: 1 },
    ],
  };
}

function client(w: World): SageMakerClient {
  return new SageMakerClient({ ...w.sb.clientConfig(), maxAttempts: 1 });
}

describe('the invariants on a clean remediation', () => {
  it('hold: I1 and I2 at every change, I3 on the finding, I4 on the lock table, I5 on a rerun', async () => {
    // Prepare
    const w = await world();

    // Act: the finding's event, then the same event again
    const first = await w.run('fraud');
    const rerun = await w.run('fraud');

    // Assess
    expect(first.outcome).toBe('remediated');
    expect(w.observer.violations).toEqual([]);
    expect(w.observer.count).toBeGreaterThan(20);
    expect([...checkNote(first), ...checkNote(rerun)]).toEqual([]);
    expect(checkLocks(await w.locks(), w)).toEqual([]);
    expect(checkRerun(rerun, w.sb.requestLog)).toEqual([]);
    expect(
      checkFixed(w.observer.view(), ACCOUNT, {
        retain: false,
        tagsOf: (arn) => w.sb.store.sagemaker.tagsOf(arn),
      }),
    ).toEqual([]);
  });
});

describe('each invariant check catches its violation', () => {
  it('I1: an endpoint left running a config that was deleted under it', async () => {
    // Prepare
    const w = await world();

    // Act
    await client(w).send(new DeleteEndpointConfigCommand({ EndpointConfigName: 'fraud-shared' }));
    w.observer.observe();

    // Assess
    expect(w.observer.violations).toContain(
      'I1: endpoint fraud-1 points at endpoint config fraud-shared, which no longer exists',
    );
  });

  it('I1: an endpoint left running a model that was deleted under it', async () => {
    const w = await world();
    await client(w).send(new DeleteModelCommand({ ModelName: 'challenger' }));
    w.observer.observe();
    expect(w.observer.violations).toContain(
      'I1: endpoint fraud-ab (config fraud-ab) runs model challenger, which no longer exists',
    );
  });

  /** The isolated replacement for fraud-1 and fraud-2, switched by hand. */
  async function switchShared(w: World, sm: SageMakerClient): Promise<void> {
    await sm.send(new CreateModelCommand({ ...modelRequest('fraud-iso'), EnableNetworkIsolation: true }));
    await sm.send(new CreateEndpointConfigCommand(configInput('shared-iso', 'fraud-iso')));
    for (const name of ['fraud-1', 'fraud-2']) {
      await sm.send(new UpdateEndpointCommand({ EndpointName: name, EndpointConfigName: 'shared-iso' }));
    }
    w.sb.clock.advance(120);
  }

  it('I2: an original config deleted while its endpoints are still updating', async () => {
    // Prepare
    const w = await world();
    const sm = client(w);
    await sm.send(new CreateModelCommand({ ...modelRequest('fraud-iso'), EnableNetworkIsolation: true }));
    await sm.send(new CreateEndpointConfigCommand(configInput('shared-iso', 'fraud-iso')));
    await sm.send(new UpdateEndpointCommand({ EndpointName: 'fraud-1', EndpointConfigName: 'shared-iso' }));

    // Act: retire before the update is done
    await sm.send(new DeleteEndpointConfigCommand({ EndpointConfigName: 'fraud-shared' }));
    w.observer.observe();

    // Assess
    expect(w.observer.violations).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^I2: original config fraud-shared was deleted at t\+\d+s while endpoint fraud-1 was Updating moving to shared-iso$/,
        ),
        expect.stringMatching(
          /^I2: original config fraud-shared was deleted at t\+\d+s while endpoint fraud-2 still ran it$/,
        ),
      ]),
    );
  });

  it('I2: an original config deleted once its endpoints are InService, but before anyone looked', async () => {
    const w = await world();
    const sm = client(w);
    await switchShared(w, sm);
    await sm.send(new DeleteEndpointConfigCommand({ EndpointConfigName: 'fraud-shared' }));
    w.observer.observe();
    expect(w.observer.violations).toEqual([
      expect.stringMatching(
        /while endpoint fraud-1 was InService on shared-iso, but no DescribeEndpoint had seen it so$/,
      ),
      expect.stringMatching(
        /while endpoint fraud-2 was InService on shared-iso, but no DescribeEndpoint had seen it so$/,
      ),
    ]);
  });

  it('I2: passes a config deleted after each of its endpoints was described InService on the replacement', async () => {
    const w = await world();
    const sm = client(w);
    await switchShared(w, sm);
    for (const name of ['fraud-1', 'fraud-2'])
      await sm.send(new DescribeEndpointCommand({ EndpointName: name }));
    await sm.send(new DeleteEndpointConfigCommand({ EndpointConfigName: 'fraud-shared' }));
    w.observer.observe();
    expect(w.observer.violations).toEqual([]);
  });

  it('I2: a replacement config that still runs a model without isolation', async () => {
    const w = await world();
    const sm = client(w);
    await sm.send(new CreateEndpointConfigCommand(configInput('shared-copy', 'fraud')));
    await sm.send(new UpdateEndpointCommand({ EndpointName: 'fraud-1', EndpointConfigName: 'shared-copy' }));
    await sm.send(new UpdateEndpointCommand({ EndpointName: 'fraud-2', EndpointConfigName: 'shared-copy' }));
    w.sb.clock.advance(120);
    for (const name of ['fraud-1', 'fraud-2'])
      await sm.send(new DescribeEndpointCommand({ EndpointName: name }));
    await sm.send(new DeleteEndpointConfigCommand({ EndpointConfigName: 'fraud-shared' }));
    w.observer.observe();
    expect(w.observer.violations).toContainEqual(
      expect.stringMatching(/fraud-1 ran config shared-copy whose model\(s\) fraud are not isolated$/),
    );
  });

  function fakeRun(w: World, overrides: Partial<RunRecord>): RunRecord {
    return {
      executionArn: 'arn:aws:states:us-east-1:111122223333:execution:sm5-remediate-model:run-1',
      modelName: 'fraud',
      status: 'SUCCEEDED',
      error: undefined,
      outcome: 'remediated',
      states: [],
      history: [],
      requests: { from: 0, to: w.sb.requestLog.length },
      findingUpdates: [],
      startedAt: 0,
      duplicateOf: undefined,
      ...overrides,
    };
  }

  it('I3: a run that leaves no note, only its start note, or a note of another run', async () => {
    // Prepare
    const w = await world();
    const at = '2026-11-26T10:00:00Z';
    const update = (note: string) => ({
      api: 'asff' as const,
      operation: 'BatchUpdateFindings' as const,
      findingId: 'f',
      at,
      changes: {},
      status: 'NOTIFIED',
      note,
    });

    // Act
    const none = checkNote(fakeRun(w, {}));
    const started = checkNote(
      fakeRun(w, { findingUpdates: [update('sm5 run run-1: isolating model fraud.')] }),
    );
    const other = checkNote(
      fakeRun(w, { findingUpdates: [update('sm5 run run-2: isolated model fraud: new model ...')] }),
    );

    // Assess
    expect(none).toEqual(['I3: run run-1 (remediated) for fraud left no note on the finding']);
    expect(started).toEqual([expect.stringMatching(/its last note does not say so/)]);
    expect(other).toEqual(['I3: run run-1 (remediated) for fraud left no note on the finding']);
  });

  it('I4: a lock whose run has ended', async () => {
    // Prepare: a run that ended, and a lock in its name put back by hand
    const w = await world();
    const run = await w.run('challenger');
    const db = new DynamoDBClient({ ...w.sb.clientConfig(), maxAttempts: 1 });
    await db.send(
      new PutItemCommand({
        TableName: w.workflow.lockTableName,
        Item: { pk: { S: 'model#x' }, owner: { S: run.executionArn }, expiresAt: { N: '1' } },
      }),
    );
    db.destroy();

    // Act
    const problems = checkLocks(await w.locks(), w);

    // Assess
    expect(problems).toEqual([expect.stringMatching(/^I4: lock model#x outlived its run .* \(SUCCEEDED\)$/)]);
  });

  it('I5: a rerun that is not a noop, or that creates something', async () => {
    const w = await world();
    const from = w.sb.requestLog.length;
    await client(w).send(new CreateModelCommand({ ...modelRequest('extra'), EnableNetworkIsolation: true }));
    const problems = checkRerun(
      fakeRun(w, { outcome: 'remediated', requests: { from, to: w.sb.requestLog.length } }),
      w.sb.requestLog,
    );
    expect(problems).toEqual([
      expect.stringMatching(/ended remediated, not noop$/),
      expect.stringMatching(/changed: CreateModel \{"ModelName":"extra"/),
    ]);
  });

  it('the end state: a model left without isolation on an endpoint', async () => {
    const w = await world();
    await w.run('challenger', findingEvent('challenger'));
    const problems = checkFixed(w.observer.view(), ACCOUNT, {
      retain: false,
      tagsOf: (arn) => w.sb.store.sagemaker.tagsOf(arn),
    });
    expect(problems).toContain('original model fraud was not deleted');
  });
});

/** The real ASL with some of its members changed, as a careless edit could change them. */
function brokenWorkflow(changes: readonly { path: Path; value: unknown }[]): string {
  const asl: unknown = JSON.parse(readFileSync(WORKFLOW_DEFINITION_URL, 'utf8'));
  const edits = changes.map((c) => ({ op: 'set' as const, path: ['States', ...c.path], value: c.value }));
  return JSON.stringify(mutate(asl, edits));
}

describe('the invariants catch a broken workflow', () => {
  /** Updates take ten minutes, so a run that does not wait for them retires while they are under way. */
  async function brokenWorld(definition: string): Promise<World> {
    const w = await openWorld({
      scenario: scenarioFor(ACCOUNT),
      mayStayOpen: mayStayOpen(ACCOUNT),
      register: { mode: 'auto', definition },
      transitionSeconds: 600,
    });
    open.push(w);
    return w;
  }

  /** Counts an endpoint as switched after the first wait, whatever the check said. */
  const skipTheChecks = [
    {
      path: ['SwitchEndpoints', 'ItemProcessor', 'States', 'WaitForEndpoint', 'Next'],
      value: 'UnlockEndpoint',
    },
  ];

  it('a workflow that skips the checks is stopped by Retire, which verifies again: I1 and I2 hold', async () => {
    // Prepare
    const w = await brokenWorld(brokenWorkflow(skipTheChecks));

    // Act
    const run = await w.run('fraud');
    w.observer.observe();

    // Assess: defence in depth, nothing was deleted under an endpoint still updating
    expect(run.outcome).toBe('failed');
    expect(run.findingUpdates.at(-1)?.note).toContain('PlanOutdatedError');
    expect(w.observer.violations).toEqual([]);
  });

  it('I1 and I2: a Retire that deletes what the plan lists without looking, in a workflow that skips the checks', async () => {
    // Prepare: the same broken workflow, with a naive Retire
    const w = await brokenWorld(brokenWorkflow(skipTheChecks));
    const sm = client(w);
    const handlers = buildHandlers(w.sb, w.workflow);
    handlers.retire = async (event) => {
      const plan = Plan.parse(Reflect.get(Reflect.get(Object(event), 'input'), 'plan'));
      const resources = [];
      for (const r of plan.resources.retire) {
        if (r.type === 'model') await sm.send(new DeleteModelCommand({ ModelName: r.name }));
        else await sm.send(new DeleteEndpointConfigCommand({ EndpointConfigName: r.name }));
        resources.push({ ...r, action: 'deleted', detail: 'deleted without looking' });
      }
      return { mode: 'delete', resources };
    };
    const naive = w.sb.stepFunctions.registerStateMachine({
      name: 'sm5-naive-retire',
      definition: substitutePlaceholders(brokenWorkflow(skipTheChecks), w.workflow.substitutions),
      handlers: Object.fromEntries(
        WORKFLOW_FUNCTIONS.map((fn) => [w.workflow.functionArns[fn.id], handlers[fn.id]]),
      ),
    });

    // Act
    await w.run('fraud', findingEvent('fraud'), naive.stateMachineArn);
    w.observer.observe();

    // Assess
    const violations = w.observer.violations.join('\n');
    expect(violations).toMatch(/^I1: endpoint fraud-1 .*no longer exists$/m);
    expect(violations).toMatch(
      /^I2: original (model fraud|config fraud-shared) was deleted at t\+\d+s while endpoint fraud-1 was Updating/m,
    );
  });

  it('I4: a workflow that forgets to release the model lock', async () => {
    const w = await brokenWorld(
      brokenWorkflow([{ path: ['NotifyOutcome', 'Next'], value: 'WasFindingUpdated' }]),
    );
    const run = await w.run('fraud');
    expect(run.outcome).toBe('remediated');
    expect(checkLocks(await w.locks(), w)).toEqual([
      expect.stringMatching(/^I4: lock model#arn:aws:sagemaker:.*:model\/fraud outlived its run/),
    ]);
  });

  it('I3: a workflow whose remediated run records nothing after it started', async () => {
    const w = await brokenWorld(
      brokenWorkflow([{ path: ['RecordRemediated', 'Parameters', 'input', 'phase'], value: 'started' }]),
    );
    const run = await w.run('fraud');
    expect(checkNote(run)).toEqual([
      expect.stringMatching(/: ended without an outcome; its last note is "sm5 run .*isolating model fraud/),
    ]);
  });
});
