// `npm start`: run the desktop app (dist/ must be built: npm start builds first).
// Where the Electron binary is missing (it downloads on `npm install` only where its
// host is reachable), say so in one line and start the web preview instead, so a
// newcomer still sees the app: the same window against the demo data, in a browser.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { findElectronBinary } from './electron-binary.ts';

const root = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const electron = findElectronBinary(root);

const run = (cmd: string, argv: string[]): void => {
  const child = spawn(cmd, argv, { cwd: root, stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  child.on('error', (err) => {
    console.error(`ips-jobs: cannot start ${cmd}: ${err.message}`);
    process.exit(1);
  });
};

if (electron.found) {
  run(electron.path, ['.', ...args]);
} else {
  console.error(`ips-jobs: cannot start the desktop app: ${electron.reason}. Starting the web preview instead (npm run preview:web).`);
  run(process.execPath, [join(root, 'dist', 'preview.mjs'), ...args]);
}
