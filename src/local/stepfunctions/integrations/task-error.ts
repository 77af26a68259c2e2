/**
 * A task failure as Step Functions sees it: `name` is the error name Retry/Catch match (`ErrorEquals`),
 * `message` is the cause. aws-local-stepfunctions reads exactly these two fields.
 */
export class TaskError extends Error {
  constructor(errorName: string, cause: string) {
    super(cause);
    this.name = errorName;
  }
}
