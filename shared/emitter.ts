// One small typed event emitter for the whole code base (engine, app core, transfers, the
// renderer's bridge). No dependencies: it runs in main, the CLI and the window.
//
//   const changes = createEmitter<Job>();            // one channel
//   const off = changes.on((j) => …); changes.emit(job); off();
//
//   const hub = createEventHub<Events>();            // one channel per event name
//   hub.on('tray', (t) => …); hub.emit('tray', t);
//
// Listeners are called in the order they subscribed, on a copy of the list (a listener may
// unsubscribe itself or others while an event is delivered). A listener that throws does not
// stop the others nor the emitter's caller: its error goes to `onError` (silently dropped
// without one).

export type Listener<T> = (value: T) => void;

export interface Emitter<T> {
  /** Subscribe; returns the unsubscribe function (idempotent). */
  on(listener: Listener<T>): () => void;
  emit(value: T): void;
  /** How many listeners are subscribed. */
  size(): number;
  clear(): void;
}

export interface EmitterOptions {
  /** A listener threw: report it (the other listeners still run). */
  onError?(err: unknown): void;
}

export function createEmitter<T>(opts: EmitterOptions = {}): Emitter<T> {
  const set = new Set<Listener<T>>();
  return {
    on(listener) {
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
    emit(value) {
      if (set.size === 0) return;
      for (const l of [...set]) {
        try {
          l(value);
        } catch (err) {
          try {
            opts.onError?.(err);
          } catch {
            /* a failing error reporter must not break delivery either */
          }
        }
      }
    },
    size: () => set.size,
    clear: () => set.clear(),
  };
}

export interface EventHub<Events> {
  on<E extends keyof Events>(event: E, listener: Listener<Events[E]>): () => void;
  emit<E extends keyof Events>(event: E, payload: Events[E]): void;
  /** How many listeners `event` has (all events without an argument). */
  size(event?: keyof Events): number;
  clear(): void;
}

export interface EventHubOptions<Events> {
  /** A listener of `event` threw: report it (the other listeners still run). */
  onError?(err: unknown, event: keyof Events): void;
}

/** A keyed hub: one emitter per event name, created on first use. */
export function createEventHub<Events>(opts: EventHubOptions<Events> = {}): EventHub<Events> {
  const channels = new Map<keyof Events, Emitter<never>>();
  function channel<E extends keyof Events>(event: E): Emitter<Events[E]> {
    let c = channels.get(event) as Emitter<Events[E]> | undefined;
    if (!c) {
      c = createEmitter<Events[E]>(opts.onError ? { onError: (err) => opts.onError?.(err, event) } : {});
      channels.set(event, c as unknown as Emitter<never>);
    }
    return c;
  }
  return {
    on: (event, listener) => channel(event).on(listener),
    emit(event, payload) {
      channels.get(event)?.emit(payload as never);
    },
    size(event) {
      if (event !== undefined) return channels.get(event)?.size() ?? 0;
      let n = 0;
      for (const c of channels.values()) n += c.size();
      return n;
    },
    clear() {
      for (const c of channels.values()) c.clear();
    },
  };
}
