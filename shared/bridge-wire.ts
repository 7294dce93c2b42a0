// The web preview's WebSocket protocol, declared once for both ends: the server in
// electron/preview.ts and the client in renderer/src/lib/bridge.ts. JSON text frames on
// IPC_PATH of the page's own origin; commands and events are those of ./ipc.ts.
import type { ErrorInfo } from './domain.ts';
import type { EventName } from './ipc.ts';

export const IPC_PATH = '/ipc';

/** Client → server. */
export type ClientMessage = { t: 'invoke'; id: number; cmd: string; arg?: unknown };

/**
 * Server → client: a command's answer (`value` is the command's Result, shared/ipc.ts), or
 * `ok: false` when the command could not be answered at all (its CommandError), an event,
 * a protocol error.
 */
export type ServerMessage =
  | { t: 'result'; id: number; ok: true; value: unknown }
  | { t: 'result'; id: number; ok: false; error: ErrorInfo }
  | { t: 'event'; event: EventName; payload: unknown }
  | { t: 'error'; error: ErrorInfo };

/**
 * A command that could not be answered: an unknown command name (thrown by the core before
 * anything ran; bad arguments are a usage error in the command's Result), or, on the
 * renderer's side, a lost or closed connection, or no answer in time.
 * Either end carries the same typed `info`.
 */
export class CommandError extends Error {
  readonly info: ErrorInfo;
  constructor(info: ErrorInfo) {
    super(info.message);
    this.name = 'CommandError';
    this.info = info;
  }
}
