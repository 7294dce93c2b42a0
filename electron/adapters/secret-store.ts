// The IPS password, encrypted with Electron's safeStorage (async API) before it touches
// disk: the file holds only ciphertext, written atomically with mode 0600. Never logged.
//
// On Linux without a keyring (safeStorage's `basic_text` backend) the "encryption" uses a
// fixed key, so storage() reports 'plain-text-backend' and the window asks whether to
// keep the password for this session only (sessionOnly: memory, never disk).
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { writeFileAtomic } from '../core/atomic-json.ts';
import { safeStorage } from 'electron';
import type { SecretStorage } from '../../shared/ipc.ts';
import type { SecretStore } from '../core/types.ts';

export interface SecretStoreOptions {
  /** The encrypted file, e.g. <userData>/credentials.bin. */
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
  /** Kept in memory only (session-only choice). */
  let session: string | undefined;
  /** The decrypted stored secret, once read (saves a keychain prompt per use). */
  let cached: string | undefined;

  const plainTextBackend = (): boolean => platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text';

  async function encryptAndWrite(secret: string): Promise<void> {
    if (!(await safeStorage.isAsyncEncryptionAvailable())) throw new EncryptionUnavailableError();
    const encrypted = await safeStorage.encryptStringAsync(secret);
    await writeFileAtomic(opts.path, encrypted);
  }

  return {
    async get() {
      if (session !== undefined) return session;
      if (cached !== undefined) return cached;
      let encrypted: Buffer;
      try {
        encrypted = await readFile(opts.path);
      } catch {
        return undefined;
      }
      try {
        const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(encrypted);
        cached = result;
        if (shouldReEncrypt) {
          await encryptAndWrite(result).catch((err: Error) => log(`could not re-encrypt the stored password: ${err.name}`));
        }
        return result;
      } catch (err) {
        // Keychain changed or file damaged: the user signs in again; the file stays for now.
        log(`the stored password could not be decrypted (${(err as Error).name}); sign-in needed`);
        return undefined;
      }
    },
    async set(secret, { sessionOnly }) {
      if (sessionOnly) {
        session = secret;
        cached = undefined;
        await rm(opts.path, { force: true });
        return;
      }
      await encryptAndWrite(secret);
      session = undefined;
      cached = secret;
    },
    async clear() {
      session = undefined;
      cached = undefined;
      await rm(opts.path, { force: true });
    },
    storage(): SecretStorage {
      if (session !== undefined) return 'session-only';
      if (plainTextBackend()) return 'plain-text-backend';
      return existsSync(opts.path) ? 'encrypted' : 'none';
    },
  };
}
