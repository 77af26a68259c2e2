/**
 * What sm5 writes on the finding: a workflow status and a note of at most 512 characters (both Security
 * Hub APIs) that a person reading the finding understands without opening anything else.
 *
 * Statuses: NOTIFIED whenever a human still has something to look at (a run in progress, a blocked or
 * rejected or failed run, a dry run, an original kept on purpose), RESOLVED only when the finding's model is
 * isolated, deleted or gone. Never NEW: the EventBridge rule matches NEW, so writing it would start a run.
 * The finding of a model that was replaced but kept stays open by nature: SageMaker has no UpdateModel, and
 * the old model keeps failing the control until it is deleted.
 */
import type { FindingUpdate, FindingWorkflowStatus } from './ports.ts';
import type { Outcome, StepFailure } from './steps/outcome.ts';

export const MAX_NOTE_LENGTH = 512;

/** Cuts at code points so a surrogate pair is never split, and marks the cut. */
export function truncateText(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** "a, b, c, d and 3 more". */
export function listNames(names: readonly string[], max = 4): string {
  if (names.length === 0) return 'none';
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

/** A Lambda's Cause is JSON with `errorMessage`; other causes are plain text. */
export function failureMessage(failure: StepFailure): string {
  const cause = failure.Cause?.trim() ?? '';
  if (cause.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(cause);
      if (typeof parsed === 'object' && parsed !== null && 'errorMessage' in parsed) {
        const message = parsed.errorMessage;
        if (typeof message === 'string' && message !== '') return message;
      }
    } catch {
      // Not JSON after all: the raw cause is the best message there is.
    }
  }
  return cause === '' ? 'no details' : cause;
}

export interface NoteContext {
  modelName: string;
  runId: string | null;
}

/** How much detail a note can afford: long run ids and endpoint lists give way before the facts do. */
interface Style {
  run: string | null;
  list: (names: readonly string[]) => string;
}

/** An execution ARN ends with the execution's name, which identifies the run within its state machine. */
function shortRun(runId: string): string {
  return runId.startsWith('arn:') ? (runId.split(':').at(-1) ?? runId) : runId;
}

function styles(ctx: NoteContext): Style[] {
  const full = ctx.runId;
  const short = ctx.runId === null ? null : shortRun(ctx.runId);
  return [
    { run: full, list: (names) => listNames(names, 4) },
    { run: short, list: (names) => listNames(names, 4) },
    { run: short, list: (names) => listNames(names, 1) },
  ];
}

function update(status: FindingWorkflowStatus, note: string): FindingUpdate {
  return { status, note: note.replace(/\s+/g, ' ').trim() };
}

export function findingUpdateFor(outcome: Outcome, ctx: NoteContext): FindingUpdate {
  let last: FindingUpdate = { status: 'NOTIFIED', note: '' };
  for (const style of styles(ctx)) {
    last = noteFor(outcome, ctx, style);
    if (Array.from(last.note).length <= MAX_NOTE_LENGTH) return last;
  }
  return { ...last, note: truncateText(last.note, MAX_NOTE_LENGTH) };
}

function noteFor(outcome: Outcome, ctx: NoteContext, style: Style): FindingUpdate {
  const head = style.run ? `sm5 run ${style.run}:` : 'sm5:';
  const listNames = style.list;
  switch (outcome.kind) {
    case 'started': {
      const plan = outcome.plan;
      const what =
        plan?.verdict === 'remediate'
          ? ` Plan: clone as ${plan.cloneModelName} with network isolation, switch endpoint(s) ${listNames(plan.endpoints.map((e) => e.endpointName))}.`
          : '';
      const waiting = outcome.awaitingApproval ? ' Waiting for approval.' : '';
      return update('NOTIFIED', `${head} isolating model ${ctx.modelName}.${what}${waiting}`);
    }
    case 'planned': {
      const { plan, dryRun } = outcome;
      const mode = dryRun ? ' (dry run, nothing changed)' : '';
      const reasons = plan.reasons.join(' ');
      if (plan.verdict === 'noop') {
        // An original kept on purpose is still non-isolated: its finding stays open until it is deleted.
        const closed = plan.model === null || plan.model.isolated;
        return update(closed ? 'RESOLVED' : 'NOTIFIED', `${head} nothing to do${mode}. ${reasons}`);
      }
      if (plan.verdict === 'blocked') {
        return update('NOTIFIED', `${head} model ${ctx.modelName} was not changed${mode}: ${reasons}`);
      }
      const approval = plan.needsApproval ? ` It needs approval: ${plan.risks.length} risk(s) found.` : '';
      return update(
        'NOTIFIED',
        `${head} dry run, nothing changed. sm5 would clone ${ctx.modelName} as ${plan.cloneModelName} with network isolation, switch endpoint(s) ${listNames(plan.endpoints.map((e) => e.endpointName))} and retire ${listNames(plan.resources.retire.map((r) => r.name))}.${approval}`,
      );
    }
    case 'rejected': {
      const by = outcome.by ? ` by ${outcome.by}` : '';
      return update(
        'NOTIFIED',
        `${head} remediation of model ${ctx.modelName} was rejected${by}: ${outcome.reason}. Nothing was changed.`,
      );
    }
    case 'succeeded':
      return succeededUpdate(outcome, ctx, head, listNames);
    case 'failed': {
      return update(
        'NOTIFIED',
        `${head} failed for model ${ctx.modelName}: ${outcome.error.Error}: ${failureMessage(outcome.error)}. Originals are deleted only after every endpoint is verified on its new config, so the original model is kept.`,
      );
    }
  }
}

function succeededUpdate(
  outcome: Extract<Outcome, { kind: 'succeeded' }>,
  ctx: NoteContext,
  head: string,
  listNames: Style['list'],
): FindingUpdate {
  const { plan, retire } = outcome;
  const switched = outcome.endpoints
    .filter((e) => e.action === 'created' || e.action === 'exists' || e.action === 'already-switched')
    .map((e) => e.endpointName);
  const endpoints =
    switched.length > 0 ? `endpoint(s) switched: ${listNames(switched)}` : 'no endpoint to switch';
  const original = retire.resources.find(
    (r) => r.type === 'model' && r.name.toLowerCase() === (plan.model?.name ?? ctx.modelName).toLowerCase(),
  );
  const gone = original?.action === 'deleted' || original?.action === 'already-gone';
  const fate = gone
    ? 'original model deleted.'
    : original?.action === 'retained'
      ? `original model kept as configured (tagged sm5:superseded-by); this finding closes when it is deleted.`
      : `original model kept (${original?.detail ?? 'not retired'}); this finding closes when it is deleted.`;
  return update(
    gone ? 'RESOLVED' : 'NOTIFIED',
    `${head} isolated model ${plan.model?.name ?? ctx.modelName}: new model ${plan.cloneModelName} has network isolation on; ${endpoints}; ${fate}`,
  );
}
