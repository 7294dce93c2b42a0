// The app core's session: which backend it talks to (the embedded demo simulator or a
// real IPS account), with which credentials, and the simulator's life. It builds the
// IpsConnection and the IpsApi; what happens on that connection (companies, polling,
// the connection state) is the engine's business. No electron imports here.
import type { Company, ErrorInfo } from '../../shared/domain.ts';
import type { Result } from '../../shared/ipc.ts';
import type { AccountSettings, AppLocale, Settings } from '../../shared/settings.ts';
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

/** Which backend the saved settings ask for, and the stored password for it. */
export interface Credentials {
  demo: boolean;
  hasPassword: boolean;
  password?: string;
}

export interface Session {
  /** The saved account and stored password decide: demo (no account, no password) or the account. */
  credentials(settings: Settings): Promise<Credentials>;
  /** The connection for that choice: the demo starts the simulator, a real account stops it. */
  open(settings: Settings, creds: Credentials): Promise<IpsConnection>;
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

  function accountConnection(account: AccountSettings, password: string): IpsConnection {
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
    async credentials(settings) {
      let password: string | undefined;
      try {
        password = await o.secretStore.get();
      } catch (err) {
        o.log(`cannot read the stored password: ${(err as Error).message}`);
      }
      const hasPassword = password !== undefined && password !== '';
      const demo = settings.account.mode === 'demo' || !settings.account.user || !hasPassword;
      return password === undefined ? { demo, hasPassword } : { demo, hasPassword, password };
    },
    async open(settings, creds) {
      if (creds.demo) return demoConnection();
      await closeSimulator();
      return accountConnection(settings.account, creds.password ?? '');
    },
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
