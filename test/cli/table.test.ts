import { describe, expect, it } from 'vitest';
import { renderTable } from '../../src/cli/table.ts';

describe('renderTable', () => {
  it('aligns every column to its widest cell', () => {
    // Prepare
    const rows = [
      ['fraud-scorer-v3', 'OFF', 'remediate'],
      ['a', 'on', 'noop'],
    ];
    // Act
    const text = renderTable(['MODEL', 'ISOLATION', 'VERDICT'], rows);
    // Assess
    expect(text.split('\n')).toEqual([
      'MODEL            ISOLATION  VERDICT',
      'fraud-scorer-v3  OFF        remediate',
      'a                on         noop',
    ]);
  });
});
