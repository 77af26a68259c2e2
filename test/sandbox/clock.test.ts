import { describe, expect, it } from 'vitest';
import { createClock } from '../../src/local/clock.ts';

describe('the virtual clock', () => {
  it('moves only when advanced, and tells its listeners', () => {
    // Prepare
    const clock = createClock('virtual', 1_000_000);
    const seen: number[] = [];
    clock.onAdvance(() => seen.push(clock.now()));

    // Act
    const before = clock.now();
    clock.advance(2.5);

    // Assess
    expect(before).toBe(1_000_000);
    expect(clock.now()).toBe(1_002_500);
    expect(seen).toEqual([1_002_500]);
  });

  it('wakes concurrent sleepers in deadline order, each moving the clock only to its own deadline', async () => {
    // Prepare
    const clock = createClock('virtual', 0);
    const woke: [string, number][] = [];

    // Act: a 10 s sleeper, and a chain of 3 s sleeps started at the same time
    const long = clock.sleep(10).then(() => woke.push(['long', clock.now()]));
    const chain = (async () => {
      for (let i = 0; i < 4; i += 1) {
        await clock.sleep(3);
        woke.push([`short${i}`, clock.now()]);
      }
    })();
    await Promise.all([long, chain]);

    // Assess
    expect(woke).toEqual([
      ['short0', 3000],
      ['short1', 6000],
      ['short2', 9000],
      ['long', 10000],
      ['short3', 12000],
    ]);
  });

  it('refuses negative or non-finite durations', () => {
    // Prepare
    const clock = createClock('virtual', 0);

    // Act / Assess
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.advance(Number.NaN)).toThrow(RangeError);
  });
});

describe('the real clock', () => {
  it('follows Date.now and cannot be advanced', () => {
    // Prepare
    const clock = createClock('real');

    // Act
    const now = clock.now();

    // Assess
    expect(Math.abs(now - Date.now())).toBeLessThan(1000);
    expect(() => clock.advance(1)).toThrow(/virtual clock/);
  });
});
