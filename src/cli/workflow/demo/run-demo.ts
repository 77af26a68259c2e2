/**
 * `sm5 demo`: the whole of sm5 on a sandboxed account. It boots the sandbox with the demo scenario and its
 * Security Hub findings, registers the real workflow (mode auto), starts two runs the way an operator would
 * (`sm5 start`), sends the other findings through the same EventBridge rules the stack deploys, answers the
 * approvals with the code behind `sm5 approve` / `sm5 reject`, shows progress as it happens, and ends with a
 * summary table and one run's audit trail. Every call goes over HTTP to the sandbox, through the same code
 * as the commands. The sandbox runs on a virtual clock, so a ten-minute rollout takes a moment.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SFNClient } from '@aws-sdk/client-sfn';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { forwardEvents, importedEvents, sm5EventBus } from '../../../local/eventbridge/index.ts';
import { type Sandbox, startSandbox } from '../../../local/sandbox.ts';
import { registerWorkflow } from '../../../local/workflow/register.ts';
import { approvalText, approveRun, findPendingRun, rejectRun } from '../answer-approval.ts';
import { buildAuditTrail } from '../audit-trail.ts';
import { isRecord } from '../loose-json.ts';
import { renderTrail } from '../render-trail.ts';
import { describeExecution, executionHistory } from '../sfn-reads.ts';
import { type StartDeps, startRun } from '../start-run.ts';
import { resolveTarget } from '../target.ts';
import { ProgressWatcher } from './progress.ts';
import { DEMO_EXPECTATIONS, type Expectation } from './script.ts';
import { differences, type RunResult, renderExpectations, renderSummary } from './summary.ts';

export const DEMO_SCENARIO_URL = new URL('../../../local/scenarios/demo.json', import.meta.url);
export const DEMO_FINDINGS_URL = new URL('../../../local/scenarios/demo-findings.json', import.meta.url);

const POLL_MS = 20;

type Finding = Record<string, unknown>;

function readJson(url: URL): unknown {
  return JSON.parse(readFileSync(url, 'utf8'));
}

/** The demo scenario with its findings added. */
export function demoScenario(): Record<string, unknown> {
  const scenario = readJson(DEMO_SCENARIO_URL);
  const findings = readJson(DEMO_FINDINGS_URL);
  if (!isRecord(scenario) || !Array.isArray(findings))
    throw new Error('the demo scenario files are malformed');
  return { ...scenario, findings };
}

/** The model a finding is about: ASFF `Resources[0].Id`, OCSF `resources[0].uid_alt`, as a name. */
function modelOf(finding: Finding): string {
  const asff = Array.isArray(finding.Resources) ? finding.Resources[0] : undefined;
  const ocsf = Array.isArray(finding.resources) ? finding.resources[0] : undefined;
  const arn = isRecord(asff) ? asff.Id : isRecord(ocsf) ? (ocsf.uid_alt ?? ocsf.uid) : undefined;
  return typeof arn === 'string' ? (arn.split('/').at(-1) ?? arn) : '';
}

function isOcsf(finding: Finding): boolean {
  return 'finding_info' in finding;
}

function findingId(finding: Finding): string {
  const ocsfId = isRecord(finding.finding_info) ? finding.finding_info.uid : undefined;
  const id = isOcsf(finding) ? ocsfId : finding.Id;
  return typeof id === 'string' ? id : '';
}

/** Each finding with the run the demo expects for it; a finding the script does not cover is an error. */
function pairFindings(findings: readonly Finding[]): { finding: Finding; expectation: Expectation }[] {
  return findings.map((finding) => {
    const api = isOcsf(finding) ? 'ocsf' : 'asff';
    const expectation = DEMO_EXPECTATIONS.find((e) => e.model === modelOf(finding) && e.finding === api);
    if (expectation === undefined) {
      throw new Error(`the demo has no expectation for the ${api} finding of ${modelOf(finding)}`);
    }
    return { finding, expectation };
  });
}

function findingStatus(sb: Sandbox, finding: Finding): string {
  const id = findingId(finding);
  if (isOcsf(finding)) {
    const now = sb.securityHub
      .ocsfFindings()
      .find((f) => isRecord(f.finding_info) && f.finding_info.uid === id);
    return typeof now?.status === 'string' ? now.status : 'unknown';
  }
  const now = sb.securityHub.asffFindings().find((f) => f.Id === id);
  const workflow = now?.Workflow;
  return isRecord(workflow) && typeof workflow.Status === 'string' ? workflow.Status : 'unknown';
}

/** The event Security Hub sent when it imported the finding, as EventBridge delivers it. */
function importEvent(sb: Sandbox, finding: Finding): Record<string, unknown> {
  const [event] = importedEvents([finding]);
  return {
    version: '0',
    id: randomUUID(),
    account: sb.account,
    region: sb.region,
    time: new Date(sb.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    resources: [],
    ...event,
  };
}

function executionName(executionArn: string): string {
  return `execution ${executionArn.split(':').at(-1) ?? executionArn}`;
}

export interface DemoOptions {
  readonly write: (line: string) => void;
}

/** Runs the demo; resolves true when every run ended as expected. */
export async function runDemo(options: DemoOptions): Promise<boolean> {
  const { write } = options;
  const sb = await startSandbox({ scenario: demoScenario() });
  const timers: NodeJS.Timeout[] = [];
  try {
    const registration = await registerWorkflow(sb, { mode: 'auto' });
    const machine = registration.stateMachineArn;
    const bus = sm5EventBus(sb, machine);
    // Security Hub's own events (each finding update emits one) reach the rules too, as in an account.
    forwardEvents(sb.securityHub, bus);
    const sfn = new SFNClient(sb.clientConfig());
    const sts = new STSClient(sb.clientConfig());
    const identity = async () => {
      const answer = await sts.send(new GetCallerIdentityCommand({}));
      return { account: answer.Account ?? '', arn: answer.Arn ?? '' };
    };
    const deps: StartDeps = {
      sfn,
      identity,
      region: async () => sb.region,
      stateMachineArn: async () => machine,
    };
    const findings = [...sb.securityHub.asffFindings(), ...sb.securityHub.ocsfFindings()];
    const pairs = pairFindings(findings);
    const width = Math.max(...pairs.map((p) => p.expectation.model.length));
    const watcher = new ProgressWatcher({
      history: (arn) => sb.stepFunctions.history(arn),
      write,
      origin: sb.clock.now(),
      labelWidth: width,
    });
    timers.push(setInterval(() => watcher.poll(), POLL_MS));
    const say = (line = '') => {
      watcher.poll();
      write(line);
    };

    say(`sm5 demo: a sandboxed AWS account ${sb.account} (${sb.region}) at ${sb.url}, on a virtual clock`);
    say(
      `  ${sb.scenario.models.length} models, ${sb.scenario.endpoints.length} endpoints, ${findings.length} SageMaker.5 findings in Security Hub`,
    );
    say(`  state machine ${machine} (mode auto)`);
    say(`  EventBridge rules: ${bus.rules.map((r) => r.name).join(', ')}`);
    say();
    say('What each run should end with:');
    say(renderExpectations(DEMO_EXPECTATIONS));
    say();

    const runs = new Map<Expectation, { executionArn: string; finding: Finding }>();
    say('Started by hand, as an operator would:');
    for (const { finding, expectation } of pairs) {
      if (expectation.start.via !== 'sm5 start') continue;
      const { mode } = expectation.start;
      say(`  $ sm5 start <the ${expectation.model} finding's event> --mode ${mode}`);
      const run = await startRun(deps, { event: importEvent(sb, finding), mode });
      say(`  ${run.executionArn}`);
      runs.set(expectation, { executionArn: run.executionArn, finding });
      watcher.watch({ executionArn: run.executionArn, label: expectation.model });
      // The approval run holds the model's lock while it waits: a copy of its finding must find it held.
      if (mode === 'approval') await sb.stepFunctions.waitForPendingTask(run.executionArn);
    }
    say();

    say('Through the EventBridge rules, as Security Hub sends them:');
    const send = async (finding: Finding, expectation: Expectation): Promise<void> => {
      const event = importEvent(sb, finding);
      const deliveries = await bus.publish(event);
      const started = deliveries.find((d) => d.result !== undefined);
      const where =
        started?.result === undefined
          ? 'no rule matched'
          : `${started.rule} -> ${executionName(started.result)}`;
      say(`  ${String(event['detail-type']).padEnd(32)} ${expectation.model.padEnd(width)}  ${where}`);
      if (started?.result !== undefined) {
        runs.set(expectation, { executionArn: started.result, finding });
        watcher.watch({ executionArn: started.result, label: expectation.model });
      }
    };
    const later: { finding: Finding; expectation: Expectation; after: string }[] = [];
    for (const { finding, expectation } of pairs) {
      if (expectation.start.via !== 'rule') continue;
      const { after } = expectation.start;
      if (after === undefined) await send(finding, expectation);
      else later.push({ finding, expectation, after });
    }
    for (const { expectation, after } of later)
      say(`  (${expectation.model}'s finding waits for ${after}'s run)`);
    say();

    say('Progress (sandbox time since the demo began):');
    const held = later.map(async ({ finding, expectation, after }) => {
      const first = [...runs].find(([e]) => e.model === after)?.[1];
      if (first !== undefined) await sb.stepFunctions.waitForExecution(first.executionArn);
      say(`  ${after}'s run has ended; now ${expectation.model}'s finding:`);
      await send(finding, expectation);
    });
    const approver = await identity();
    for (const [expectation, run] of [...runs]) {
      const answer = expectation.answer;
      if (answer === undefined) continue;
      await sb.stepFunctions.waitForPendingTask(run.executionArn);
      const target = await resolveTarget(expectation.model, { identity, region: deps.region });
      const pending = await findPendingRun(sfn, target, deps.stateMachineArn);
      if (answer.decision === 'approve') {
        say(`  $ sm5 approve ${expectation.model} --comment "${answer.comment}"`);
        await approveRun(sfn, pending, approver.arn, answer.comment);
        say(`  ${approvalText('Approved', pending, approver.arn)}`);
      } else {
        say(`  $ sm5 reject ${expectation.model} --reason "${answer.reason}"`);
        await rejectRun(sfn, pending, approver.arn, answer.reason);
        say(`  ${approvalText('Rejected', pending, approver.arn)}`);
      }
    }
    await Promise.all(held);
    await Promise.all([...runs.values()].map((run) => sb.stepFunctions.waitForExecution(run.executionArn)));
    await bus.idle();
    watcher.poll();
    say();

    const results: RunResult[] = [];
    for (const expectation of DEMO_EXPECTATIONS) {
      const run = runs.get(expectation);
      if (run === undefined) {
        say(`${expectation.model}: no run started (expected ${expectation.outcome})`);
        continue;
      }
      const [execution, events] = await Promise.all([
        describeExecution(sfn, run.executionArn),
        executionHistory(sfn, run.executionArn),
      ]);
      results.push({
        expectation,
        trail: buildAuditTrail(execution, events),
        findingStatus: findingStatus(sb, run.finding),
      });
    }
    say('Summary:');
    say(renderSummary(results));
    say();

    const featured = results.find((r) => r.expectation.answer?.decision === 'approve') ?? results[0];
    if (featured !== undefined) {
      say(`Audit trail of the approved run (sm5 history ${featured.trail.executionArn}):`);
      say(renderTrail(featured.trail));
      say();
    }

    const total = sb.stepFunctions.executionsOf(machine).length;
    const updates = sb.securityHub.events.length;
    const problems = results.flatMap((r) => differences(r).map((p) => `${r.expectation.model}: ${p}`));
    if (results.length !== DEMO_EXPECTATIONS.length) problems.push('some expected runs never started');
    if (total !== runs.size) problems.push(`${total} executions ran, expected ${runs.size}`);
    say(
      `sm5's ${updates} finding updates each emitted a Security Hub event to the rules; none started a run (${total} runs in all).`,
    );
    if (problems.length > 0) {
      for (const result of results.filter((r) => differences(r).length > 0 && r !== featured)) {
        say(`Audit trail of the ${result.expectation.model} run that did not end as expected:`);
        say(renderTrail(result.trail));
        say();
      }
      say('NOT as expected:');
      for (const problem of problems) say(`  ${problem}`);
      return false;
    }
    say(`All ${results.length} runs ended as expected.`);
    return true;
  } finally {
    for (const timer of timers) clearInterval(timer);
    await sb.stop();
  }
}
