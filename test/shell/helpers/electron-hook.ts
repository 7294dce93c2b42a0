// Points the `electron` specifier at ./fake-electron.ts for this test process, in-thread
// (module.registerHooks, Node ≥ 22.15), so no flag is needed on the test command and the
// test and the code under test share the one fake instance. Import this first, then load
// the code under test with a dynamic `await import(…)` (static imports are resolved
// before any module body runs, so they would miss the hook).
import { registerHooks } from 'node:module';

const fakeUrl = new URL('./fake-electron.ts', import.meta.url).href;

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === 'electron') return nextResolve(fakeUrl, context);
    return nextResolve(specifier, context);
  },
});
