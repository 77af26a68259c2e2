/** A Security Hub that keeps every update it is asked to make, or fails the next one. */
import type { FindingUpdate, SecurityHubPort } from '../../../../src/domain/ports.ts';
import type { FindingRef } from '../../../../src/domain/request.ts';

export class FakeSecurityHub implements SecurityHubPort {
  readonly updates: Array<{ ref: FindingRef; update: FindingUpdate }> = [];
  private failure: Error | null = null;

  failNext(error: Error): this {
    this.failure = error;
    return this;
  }

  async updateFinding(ref: FindingRef, update: FindingUpdate): Promise<void> {
    if (this.failure !== null) {
      const error = this.failure;
      this.failure = null;
      throw error;
    }
    this.updates.push({ ref, update });
  }

  last(): FindingUpdate | undefined {
    return this.updates.at(-1)?.update;
  }
}
