/**
 * What `sm5 demo` does with the demo account, and what it expects. The demo scenario has ten SageMaker.5
 * findings (nine ASFF, one OCSF copy of fraud-scorer-v3's). Two are started by hand with `sm5 start`, as an
 * operator would: fraud-scorer-v3 in approval mode (the demo approves it), demand-forecast as a dry run.
 * The rest go through the EventBridge rules, where sentiment-hf's plan stops for approval on its own (its
 * container pulls weights from the Hugging Face Hub, which isolation cuts off) and the demo rejects it.
 * recommender-v8's finding is sent once recommender-v7's run has ended: both models run on one endpoint
 * config, so v7's run isolates and retires both, and v8's run then finds nothing to do. Sent together, the
 * two runs also end isolated, but which of them does the work is a race, and the demo states its outcomes
 * in advance.
 */
import type { Mode } from '../../../domain/workflow/index.ts';

export type DemoOutcome = 'remediated' | 'duplicate' | 'rejected' | 'dry-run' | 'blocked' | 'noop' | 'failed';

export interface Expectation {
  readonly model: string;
  /** Which finding the run is for: the model's ASFF finding, or its OCSF (Security Hub V2) one. */
  readonly finding: 'asff' | 'ocsf';
  /**
   * How the run starts: the rule (once the run for the model in `after` has ended, when set), or
   * `sm5 start <finding event> --mode <mode>`.
   */
  readonly start:
    | { readonly via: 'rule'; readonly after?: string }
    | { readonly via: 'sm5 start'; readonly mode: Mode };
  /** The demo's answer to the approval request, when the run asks for one. */
  readonly answer?:
    | { readonly decision: 'approve'; readonly comment: string }
    | {
        readonly decision: 'reject';
        readonly reason: string;
      };
  readonly outcome: DemoOutcome;
  /** Endpoints the run leaves on an isolated config. */
  readonly switched: readonly string[];
  /** The finding's workflow status afterwards (OCSF: its status label). */
  readonly findingStatus: string;
  /** Why this is the right outcome, for the reader. */
  readonly why: string;
}

export const DEMO_EXPECTATIONS: readonly Expectation[] = [
  {
    model: 'fraud-scorer-v3',
    finding: 'asff',
    start: { via: 'sm5 start', mode: 'approval' },
    answer: { decision: 'approve', comment: 'payments-risk on-call: go ahead' },
    outcome: 'remediated',
    switched: ['fraud-scorer'],
    findingStatus: 'RESOLVED',
    why: 'approved; the endpoint runs the isolated clone and the original is deleted',
  },
  {
    model: 'fraud-scorer-v3',
    finding: 'ocsf',
    start: { via: 'rule' },
    outcome: 'duplicate',
    switched: [],
    findingStatus: 'New',
    why: 'the same finding from Security Hub V2 arrives while the first run holds the model lock',
  },
  {
    model: 'fraud-scorer-v2',
    finding: 'asff',
    start: { via: 'rule' },
    outcome: 'remediated',
    switched: [],
    findingStatus: 'RESOLVED',
    why: 'no endpoint serves it: cloned isolated, original deleted',
  },
  {
    model: 'recommender-v7',
    finding: 'asff',
    start: { via: 'rule' },
    outcome: 'remediated',
    switched: ['recommender'],
    findingStatus: 'RESOLVED',
    why: 'its config also runs recommender-v8 in shadow: both are cloned, the endpoint switched once',
  },
  {
    model: 'recommender-v8',
    finding: 'asff',
    start: { via: 'rule', after: 'recommender-v7' },
    outcome: 'noop',
    switched: [],
    findingStatus: 'RESOLVED',
    why: "recommender-v7's run already isolated it and deleted the original: nothing left to do",
  },
  {
    model: 'churn-predictor-v2',
    finding: 'asff',
    start: { via: 'rule' },
    outcome: 'remediated',
    switched: ['churn-predictor-eu', 'churn-predictor-us'],
    findingStatus: 'RESOLVED',
    why: 'one config shared by two endpoints: one new config, both switched',
  },
  {
    model: 'sentiment-hf',
    finding: 'asff',
    start: { via: 'rule' },
    answer: {
      decision: 'reject',
      reason: 'pulls its weights from the Hugging Face Hub at startup; package them in S3 first',
    },
    outcome: 'rejected',
    switched: [],
    findingStatus: 'NOTIFIED',
    why: 'preflight flags HF_MODEL_ID, so the plan waits for a human, who rejects it; nothing changes',
  },
  {
    model: 'demand-forecast',
    finding: 'asff',
    start: { via: 'sm5 start', mode: 'dry-run' },
    outcome: 'dry-run',
    switched: [],
    findingStatus: 'NOTIFIED',
    why: 'a dry run: the finding says what would be done (and that it needs approval), nothing changes',
  },
  {
    model: 'document-classifier',
    finding: 'asff',
    start: { via: 'rule' },
    outcome: 'blocked',
    switched: [],
    findingStatus: 'NOTIFIED',
    why: 'served by a serverless endpoint, which cannot run an isolated model',
  },
  {
    model: 'summarizer-7b',
    finding: 'asff',
    start: { via: 'rule' },
    outcome: 'blocked',
    switched: [],
    findingStatus: 'NOTIFIED',
    why: 'attached through an inference component, which sm5 does not switch yet',
  },
];
