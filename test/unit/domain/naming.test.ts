import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../src/domain/errors.ts';
import { RESOURCE_NAME_PATTERN } from '../../../src/domain/names.ts';
import { cloneModelName, isolatedEndpointConfigName, MAX_NAME_LENGTH } from '../../../src/domain/naming.ts';

const validName = fc.stringMatching(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/).filter((s) => s.length <= 63);
const swap = fc.record({ from: validName, to: validName });

describe('cloneModelName', () => {
  it('is a valid SageMaker name of at most 63 characters for any valid model name', () => {
    fc.assert(
      fc.property(validName, (name) => {
        const clone = cloneModelName(name);
        expect(clone).toMatch(RESOURCE_NAME_PATTERN);
        expect(clone.length).toBeLessThanOrEqual(MAX_NAME_LENGTH);
      }),
    );
  });

  it('is deterministic, so a rerun finds the clone an earlier run created', () => {
    fc.assert(
      fc.property(validName, (name) => {
        expect(cloneModelName(name)).toBe(cloneModelName(name));
      }),
    );
  });

  it('keeps the original name readable as its prefix', () => {
    expect(cloneModelName('Churn-Model')).toMatch(/^Churn-Model-iso-[0-9a-f]{8}$/);
  });

  it('gives distinct names (also case-insensitively, as in ARNs) to distinct models', () => {
    fc.assert(
      fc.property(fc.uniqueArray(validName, { minLength: 2, maxLength: 40 }), (names) => {
        const clones = names.map((n) => cloneModelName(n).toLowerCase());
        expect(new Set(clones).size).toBe(names.length);
      }),
    );
  });

  it('distinguishes names that differ only in case', () => {
    expect(cloneModelName('MyModel').toLowerCase()).not.toBe(cloneModelName('mymodel').toLowerCase());
  });

  it('distinguishes long names that share the truncated prefix', () => {
    const prefix = 'a'.repeat(60);
    const one = cloneModelName(`${prefix}-1`);
    const two = cloneModelName(`${prefix}-2`);
    expect(one.slice(0, 50)).toBe(two.slice(0, 50));
    expect(one).not.toBe(two);
    expect(one.length).toBe(MAX_NAME_LENGTH);
  });

  it('does not leave hyphens dangling before the marker when truncation cuts at one', () => {
    const name = `${'a'.repeat(49)}-${'b'.repeat(13)}`;
    expect(cloneModelName(name)).toMatch(/^a{49}-iso-[0-9a-f]{8}$/);
  });

  it('rejects a name SageMaker would not accept', () => {
    expect(() => cloneModelName('bad_name')).toThrow(InvalidInputError);
  });
});

describe('isolatedEndpointConfigName', () => {
  it('is valid, at most 63 characters, and deterministic for any config and swaps', () => {
    fc.assert(
      fc.property(validName, fc.array(swap, { maxLength: 5 }), (name, swaps) => {
        const result = isolatedEndpointConfigName(name, swaps);
        expect(result).toMatch(RESOURCE_NAME_PATTERN);
        expect(result.length).toBeLessThanOrEqual(MAX_NAME_LENGTH);
        expect(isolatedEndpointConfigName(name, swaps)).toBe(result);
      }),
    );
  });

  it('does not depend on the order of the swaps', () => {
    fc.assert(
      fc.property(validName, fc.array(swap, { minLength: 2, maxLength: 5 }), (name, swaps) => {
        expect(isolatedEndpointConfigName(name, [...swaps].reverse())).toBe(
          isolatedEndpointConfigName(name, swaps),
        );
      }),
    );
  });

  it('differs when a different set of models is swapped in the same config', () => {
    const a = { from: 'model-a', to: cloneModelName('model-a') };
    const b = { from: 'model-b', to: cloneModelName('model-b') };
    expect(isolatedEndpointConfigName('shared', [a])).not.toBe(isolatedEndpointConfigName('shared', [a, b]));
  });

  it('gives distinct names to distinct configs, also when they differ only in case', () => {
    fc.assert(
      fc.property(fc.uniqueArray(validName, { minLength: 2, maxLength: 40 }), (names) => {
        const results = names.map((n) => isolatedEndpointConfigName(n, []).toLowerCase());
        expect(new Set(results).size).toBe(names.length);
      }),
    );
    expect(isolatedEndpointConfigName('Config', [])).not.toBe(isolatedEndpointConfigName('config', []));
  });

  it('never equals a clone name of the same string', () => {
    fc.assert(
      fc.property(validName, (name) => {
        expect(isolatedEndpointConfigName(name, [])).not.toBe(cloneModelName(name));
      }),
    );
  });
});
