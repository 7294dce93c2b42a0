import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEmitter, createEventHub } from '../../shared/emitter.ts';

describe('createEmitter', () => {
  it('delivers to every listener in subscription order until it unsubscribes', () => {
    const e = createEmitter<number>();
    const seen: string[] = [];
    const offA = e.on((v) => seen.push(`a${v}`));
    e.on((v) => seen.push(`b${v}`));
    e.emit(1);
    offA();
    offA();
    e.emit(2);
    assert.deepEqual(seen, ['a1', 'b1', 'b2']);
    assert.equal(e.size(), 1);
  });

  it('a throwing listener neither stops the others nor the caller; its error is reported', () => {
    const errors: unknown[] = [];
    const e = createEmitter<string>({ onError: (err) => errors.push(err) });
    const seen: string[] = [];
    e.on(() => {
      throw new Error('boom');
    });
    e.on((v) => seen.push(v));
    assert.doesNotThrow(() => e.emit('x'));
    assert.deepEqual(seen, ['x']);
    assert.equal((errors[0] as Error).message, 'boom');
    const silent = createEmitter<string>();
    silent.on(() => {
      throw new Error('quiet');
    });
    assert.doesNotThrow(() => silent.emit('y'));
  });

  it('a listener that unsubscribes during delivery does not skip the next one', () => {
    const e = createEmitter<number>();
    const seen: string[] = [];
    const off = e.on(() => {
      seen.push('a');
      off();
    });
    e.on(() => seen.push('b'));
    e.emit(0);
    e.emit(0);
    assert.deepEqual(seen, ['a', 'b', 'b']);
  });
});

describe('createEventHub', () => {
  it('keeps one channel per event name, with typed payloads and errors named by event', () => {
    const errors: string[] = [];
    const hub = createEventHub<{ tray: { icon: string }; count: number }>({ onError: (_e, ev) => errors.push(String(ev)) });
    const seen: unknown[] = [];
    hub.on('tray', (t) => seen.push(t.icon));
    const off = hub.on('count', (n) => seen.push(n + 1));
    hub.on('count', () => {
      throw new Error('x');
    });
    hub.emit('tray', { icon: 'idle' });
    hub.emit('count', 1);
    off();
    hub.emit('count', 5);
    assert.deepEqual(seen, ['idle', 2]);
    assert.deepEqual(errors, ['count', 'count']);
    assert.equal(hub.size('count'), 1);
    assert.equal(hub.size(), 2);
  });
});
