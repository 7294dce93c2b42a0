// The IPS passwords, one per saved account, encrypted with Electron's safeStorage (async API)
// before they touch disk: `credentials-<account id>.bin` beside `path`, each only ciphertext,
// written atomically with mode 0600. Never logged. The single password of a version-1
// install (`path` itself, credentials.bin) becomes the password of the account it belonged
// to (LEGACY_ACCOUNT_ID), moved on first use, never lost.
//
// On Linux without a keyring (safeStorage's `basic_text` backend) the "encryption" uses a
// fixed key, so storage() reports 'plain-text-backend' and the window asks whether to
// keep the password for this session only (sessionOnly: memory, never disk).
import { existsSync } from 'node:fs';
import { readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { LEGACY_ACCOUNT_ID, accountIdSchema } from '../../shared/settings.ts';
import { writeFileAtomic } from '../core/atomic-json.ts';
import { safeStorage } from 'electron';
import type { SecretStorage } from '../../shared/ipc.ts';
import type { SecretStore } from '../core/types.ts';

export interface SecretStoreOptions {
  /** The version-1 file, e.g. <userData>/credentials.bin; the accounts' files go beside it. */
  path: string;
  platform?: NodeJS.Platform;
  /** Problems recovered from (never the secret). */
  log?: (line: string) => void;
}

export class EncryptionUnavailableError extends Error {
  constructor() {
    super('This system offers no way to encrypt the password; keep it for this session only.');
    this.name = 'EncryptionUnavailableError';
  }
}

export function createSecretStore(opts: SecretStoreOptions): SecretStore {
  const platform = opts.platform ?? process.platform;
  const log = opts.log ?? (() => {});
  /** Kept in memory only (session-only choice), per account. */
  const session = new Map<string, string>();
  /** The decrypted stored secrets, once read (saves a keychain prompt per use). */
  const cached = new Map<string, string>();

  const plainTextBackend = (): boolean => platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text';
  /** The account's file; the id is checked so that it can never name another path. */
  const fileOf = (account: string): string => join(dirname(opts.path), `credentials-${accountIdSchema.parse(account)}.bin`);

  async function encryptAndWrite(account: string, secret: string): Promise<void> {
    if (!(await safeStorage.isAsyncEncryptionAvailable())) throw new EncryptionUnavailableError();
    const encrypted = await safeStorage.encryptStringAsync(secret);
    await writeFileAtomic(fileOf(account), encrypted);
  }

  /** The version-1 file becomes the legacy account's file (once). */
  async function migrateLegacy(account: string): Promise<void> {
    if (account !== LEGACY_ACCOUNT_ID || !existsSync(opts.path) || existsSync(fileOf(account))) return;
    await rename(opts.path, fileOf(account)).catch((err: Error) => log(`could not move the stored password to its account: ${err.name}`));
  }

  return {
    async get(account) {
      const s = session.get(account) ?? cached.get(account);
      if (s !== undefined) return s;
      await migrateLegacy(account);
      let encrypted: Buffer;
      try {
        encrypted = await readFile(fileOf(account));
      } catch {
        return undefined;
      }
      try {
        const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(encrypted);
        cached.set(account, result);
        if (shouldReEncrypt) {
          await encryptAndWrite(account, result).catch((err: Error) => log(`could not re-encrypt the stored password: ${err.name}`));
        }
        return result;
      } catch (err) {
        // Keychain changed or file damaged: the user signs in again; the file stays for now.
        log(`the stored password could not be decrypted (${(err as Error).name}); sign-in needed`);
        return undefined;
      }
    },
    async set(account, secret, { sessionOnly }) {
      if (sessionOnly) {
        session.set(account, secret);
        cached.delete(account);
        await rm(fileOf(account), { force: true });
        return;
      }
      await encryptAndWrite(account, secret);
      session.delete(account);
      cached.set(account, secret);
    },
    async clear(account) {
      session.delete(account);
      cached.delete(account);
      await rm(fileOf(account), { force: true });
      if (account === LEGACY_ACCOUNT_ID) await rm(opts.path, { force: true });
    },
    storage(account): SecretStorage {
      if (session.has(account)) return 'session-only';
      if (plainTextBackend()) return 'plain-text-backend';
      return existsSync(fileOf(account)) || (account === LEGACY_ACCOUNT_ID && existsSync(opts.path)) ? 'encrypted' : 'none';
    },
  };
}
