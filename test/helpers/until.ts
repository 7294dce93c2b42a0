// Waiting for a state in tests that drive real servers and timers (not a test file itself).

/**
 * Polls `fn` (sync or async) every `everyMs` (25 ms) until it gives a truthy value and returns
 * it; fails naming `what` after `ms`.
 */
export async function until<T>(what: string, fn: () => T | undefined | false | Promise<T | undefined | false>, ms = 20_000, everyMs = 25): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
