// The simulator as its own process for the security tests, with one extra user whose
// password comes from the environment (SIM_USER / SIM_PASSWORD), its test control on
// (/__sim/ faults) and its call log on stderr. Prints the service URL, runs until SIGTERM.
import { startSimulator } from '../../electron/simulator/index.ts';

const email = process.env.SIM_USER ?? 'sentinel@example.com';
const password = process.env.SIM_PASSWORD ?? '';
const sim = await startSimulator({
  demo: true,
  control: true,
  log: true,
  users: [{ email, password, defaultRole: 'IpsUser', memberships: { 'c|15': 'IpsUser' } }],
});
process.stdout.write(`${sim.url}\n`);
const stop = (): void => {
  void sim.close().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
