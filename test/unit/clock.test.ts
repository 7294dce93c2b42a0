import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createManualClock, isManualClock, systemClock } from '../../electron/clock.ts';

describe('manual clock', () => {
  it('fires due timers in due order, ties in the order set, with now() at each due time', () => {
    const clock = createManualClock(1000);
    const seen: Array<[string, number]> = [];
    clock.setTimeout(() => seen.push(['b', clock.now()]), 50);
    clock.setTimeout(() => seen.push(['a', clock.now()]), 10);
    clock.setTimeout(() => seen.push(['c', clock.now()]), 50);
    clock.advance(49);
    assert.deepEqual(seen, [['a', 1010]]);
    assert.equal(clock.now(), 1049);
    clock.advance(1);
    assert.deepEqual(seen, [
      ['a', 1010],
      ['b', 1050],
      ['c', 1050],
    ]);
    assert.equal(clock.pending(), 0);
  });

  it('fires timers set by callbacks when they fall inside the window; clearTimeout cancels', () => {
    const clock = createManualClock(0);
    const seen: number[] = [];
    const tick = (): void => {
      seen.push(clock.now());
      clock.setTimeout(tick, 100);
    };
    clock.setTimeout(tick, 100);
    const cancelled = clock.setTimeout(() => seen.push(-1), 150);
    clock.clearTimeout(cancelled);
    clock.advance(350);
    assert.deepEqual(seen, [100, 200, 300]);
    assert.equal(clock.nextDue(), 400);
    clock.advanceTo(200); // the past: nothing happens
    assert.equal(clock.now(), 350);
    const zero: number[] = [];
    clock.setTimeout(() => zero.push(clock.now()), 0);
    clock.runDue();
    assert.deepEqual(zero, [350]);
  });

  it('is recognisable', () => {
    assert.equal(isManualClock(createManualClock()), true);
    assert.equal(isManualClock(systemClock), false);
  });
});
