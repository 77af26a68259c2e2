/** The docs a security reviewer and an operator read must not drift from what the code deploys. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, ENV } from '../../src/domain/config.ts';
import { permissionsFor, WORKFLOW_FUNCTIONS } from '../../src/domain/workflow-functions.ts';

function doc(name: string): string {
  return readFileSync(new URL(`../../docs/${name}`, import.meta.url), 'utf8');
}

describe('docs/security.md', () => {
  const security = doc('security.md');

  it.each(WORKFLOW_FUNCTIONS.map((fn) => [fn.id, fn] as const))(
    'describes every statement of %s',
    (_id, fn) => {
      for (const permission of permissionsFor(fn, ['any-alarm'])) {
        expect(security, `${fn.id} ${permission.sid}`).toContain(`\`${permission.sid}\``);
      }
    },
  );
});

describe('docs/operations.md', () => {
  const operations = doc('operations.md');

  it('documents every configuration key and the environment variable it becomes', () => {
    for (const key of CONFIG_KEYS) expect(operations).toContain(`\`${key}\``);
    for (const name of Object.values(ENV)) expect(operations).toContain(`\`${name}\``);
  });
});
