import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEMO_EXPECTATIONS } from '../../src/cli/workflow/demo/script.ts';
import { runProcess } from '../sandbox/cli-helpers.ts';

const SM5 = fileURLToPath(new URL('../../bin/sm5.js', import.meta.url));

describe('sm5 demo (npm start)', () => {
  it('runs every demo finding to its expected outcome and exits 0', async () => {
    // Prepare: no AWS configuration at all, as on a fresh clone
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/nonexistent' };

    // Act
    const result = await runProcess('node', [SM5, 'demo'], env);

    // Assess
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    const summary = lines.slice(
      lines.indexOf('Summary:') + 1,
      lines.indexOf('Summary:') + 2 + DEMO_EXPECTATIONS.length,
    );
    expect(summary[0]).toMatch(/^MODEL +STARTED BY +VERDICT +NEW MODEL +ENDPOINTS SWITCHED +FINDING$/);
    expect(summary.slice(1)).toEqual(
      DEMO_EXPECTATIONS.map((e) =>
        expect.stringMatching(
          new RegExp(`^${e.model} +.* ${e.outcome} \\(as expected\\) .* ${e.findingStatus}$`),
        ),
      ),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}\$ sm5 approve fraud-scorer-v3 --comment /));
    expect(lines).toContainEqual(
      expect.stringMatching(/^ {2}Approved arn:aws:states:.* as arn:aws:iam::111122223333:user\/sandbox$/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^ {2}Rejected arn:aws:states:.* as arn:aws:iam::111122223333:user\/sandbox$/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^Approval +approved by arn:aws:iam::111122223333:user\/sandbox: /),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^ {2}\+\d\d:\d\d {2}churn-predictor-v2 +churn-predictor-eu: InService on /),
    );
    expect(lines.at(-2)).toBe(`All ${DEMO_EXPECTATIONS.length} runs ended as expected.`);
  });
});
