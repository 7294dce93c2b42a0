// The app core's session: which backend it talks to (the embedded demo simulator or a
// real IPS account), with which credentials, and the simulator's life. It builds the
// IpsConnection and the IpsApi; what happens on that connection (companies, polling,
// the connection state) is the engine's business. No electron imports here.
import type { Company, ErrorInfo } from '../../shared/domain.ts';
import type { Result } from '../../shared/ipc.ts';
import { watchedAccounts, type AccountSettings, type AppLocale, type SavedAccount, type Settings } from '../../shared/settings.ts';
import type { IpsApi, IpsConnection } from '../ips/api.ts';
import { createIpsClient } from '../ips/client.ts';
import { toErrorInfo } from '../ips/errors.ts';
import { checkServiceUrl } from './account.ts';
import type { SecretStore } from './types.ts';

/** What the embedded simulator hands back once it listens. */
export interface SimulatorHandle {
  /** The IpsApiService endpoint, e.g. http://127.0.0.1:PORT/scene7/services/IpsApiService. */
  url: string;
  close(): Promise<void>;
}

/** The demo backend: the port the core needs (electron/simulator/index.ts satisfies it). */
export interface SimulatorModule {
  startSimulator(opts: { demo: boolean; historyRows?: number; port?: number }): Promise<SimulatorHandle>;
  DEMO_USER: string;
  DEMO_PASSWORD: string;
}

export interface SessionOptions {
  appVersion: string;
  /** The app's locale now (IPS localizes job log messages to it). */
  locale(): AppLocale;
  secretStore: SecretStore;
  /** The IPS client; default: createIpsClient from electron/ips/client.ts. */
  createApi?: (conn: IpsConnection) => Promise<IpsApi>;
  /** The demo backend, or a lazy import of it (the composition roots pass it in). */
  simulator: SimulatorModule | (() => Promise<SimulatorModule>);
  /** Seed the demo simulator with this many finished job logs. */
  demoHistoryRows?: number;
  log(line: string): void;
}

/** What the saved settings and passwords ask for: the accounts to watch (each with its password), or the demo. */
export interface Plan {
  /** True when no saved account is enabled with a user name and a stored password. */
  demo: boolean;
  accounts: { account: SavedAccount; password: string }[];
  /** Per saved account id: whether a password is stored for it. */
  passwords: Record<string, boolean>;
}

export interface Session {
  /** The saved accounts and stored passwords decide: the demo (none usable) or those accounts. */
  plan(settings: Settings): Promise<Plan>;
  /** The demo's connection: starts the embedded simulator (once). */
  openDemo(): Promise<IpsConnection>;
  /** A saved account's connection (call closeSimulator when no demo runs any more). */
  connectionFor(account: SavedAccount | AccountSettings, password: string): IpsConnection;
  createApi(conn: IpsConnection): Promise<IpsApi>;
  /** Log in with an account (demo or real) without saving anything; its active companies. */
  tryAccount(account: AccountSettings, password: string | undefined): Promise<Result<{ api: IpsApi; companies: Company[]; user: string }>>;
  /** Stop the embedded simulator, if it runs. */
  closeSimulator(): Promise<void>;
}

function usage(message: string): ErrorInfo {
  return { kind: 'usage', message };
}

export function createSession(o: SessionOptions): Session {
  let simulator: SimulatorHandle | undefined;
  let simulatorModule: SimulatorModule | undefined;

  async function loadSimulatorModule(): Promise<SimulatorModule> {
    if (simulatorModule) return simulatorModule;
    const s = o.simulator;
    simulatorModule = typeof s === 'function' ? await s() : s;
    return simulatorModule;
  }

  function base(user: string, password: string): IpsConnection {
    return { user, password, locale: o.locale(), appName: 'IPS Jobs', appVersion: o.appVersion };
  }

  async function demoConnection(): Promise<IpsConnection> {
    const mod = await loadSimulatorModule();
    if (!simulator) {
      const simOpts: { demo: boolean; historyRows?: number } = { demo: true };
      if (o.demoHistoryRows !== undefined) simOpts.historyRows = o.demoHistoryRows;
      simulator = await mod.startSimulator(simOpts);
    }
    return { ...base(mod.DEMO_USER, mod.DEMO_PASSWORD), serviceUrl: simulator.url };
  }

  function accountConnection(account: Pick<AccountSettings, 'user' | 'serviceUrl' | 'region' | 'staging'>, password: string): IpsConnection {
    const conn = base(account.user, password);
    if (account.serviceUrl) conn.serviceUrl = account.serviceUrl;
    else {
      conn.region = account.region;
      conn.staging = account.staging;
    }
    return conn;
  }

  async function closeSimulator(): Promise<void> {
    const s = simulator;
    simulator = undefined;
    if (s) await s.close().catch(() => undefined);
  }

  const createApi = (conn: IpsConnection): Promise<IpsApi> => (o.createApi ?? createIpsClient)(conn);

  return {
    async plan(settings) {
      const passwords: Record<string, boolean> = {};
      const accounts: Plan['accounts'] = [];
      const watched = new Set(watchedAccounts(settings).map((a) => a.id));
      for (const account of settings.accounts) {
        let password: string | undefined;
        try {
          password = await o.secretStore.get(account.id);
        } catch (err) {
          o.log(`cannot read the stored password of ${account.name}: ${(err as Error).message}`);
        }
        passwords[account.id] = !!password;
        if (password && watched.has(account.id)) accounts.push({ account, password });
      }
      return { demo: accounts.length === 0, accounts, passwords };
    },
    openDemo: demoConnection,
    connectionFor: accountConnection,
    createApi,
    async tryAccount(account, password) {
      let conn: IpsConnection;
      if (account.mode === 'demo') conn = await demoConnection();
      else {
        if (!account.user) return { ok: false, error: usage('Enter the user name (e-mail) of the IPS account.') };
        if (!password) return { ok: false, error: usage('Enter the password of the IPS account.') };
        const bad = checkServiceUrl(account);
        if (bad) return { ok: false, error: bad };
        conn = accountConnection(account, password);
      }
      try {
        const candidate = await createApi(conn);
        const login = await candidate.checkLogin({ email: conn.user, password: conn.password });
        if (login !== 'ValidLogin') {
          return {
            ok: false,
            error: { kind: 'authentication', message: 'The user name or password was not accepted by IPS.', operation: 'checkLogin' },
          };
        }
        const memberships = await candidate.getCompanyMembership();
        const companies = memberships.filter((m) => m.isActive !== false).map((m) => m.company);
        return { ok: true, value: { api: candidate, companies, user: conn.user } };
      } catch (err) {
        return { ok: false, error: toErrorInfo(err) };
      }
    },
    closeSimulator,
  };
}
