// zod, configured for where it runs: every shared module that builds a schema imports z from
// here, so the configuration runs before the first schema is built, whatever the import order.
//
// In the window (renderer), whose CSP has no 'unsafe-eval', zod's object schemas would probe
// `new Function('')` to decide whether to JIT-compile their parsers. The probe is caught, but
// Chromium still reports a CSP violation (test/e2e/preview.test.ts). The main process and the
// CLI keep the JIT.
import { z } from 'zod';

if (typeof (globalThis as { document?: unknown }).document !== 'undefined') z.config({ jitless: true });

export { z };
