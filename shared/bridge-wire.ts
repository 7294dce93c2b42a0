// The web preview's WebSocket protocol, declared once for both ends: the server in
// electron/preview.ts and the client in renderer/src/lib/bridge.ts. JSON text frames on
// IPC_PATH of the page's own origin; commands and events are those of ./ipc.ts.
import type { ErrorInfo } from './domain.ts';
import type { EventName } from './ipc.ts';

export const IPC_PATH = '/ipc';

/** Client → server. */
export type ClientMessage = { t: 'invoke'; id: number; cmd: string; arg?: unknown };

/** Server → client: a command's result (or its CommandError), an event, a protocol error. */
export type ServerMessage =
  | { t: 'result'; id: number; ok: true; value: unknown }
  | { t: 'result'; id: number; ok: false; error: ErrorInfo }
  | { t: 'event'; event: EventName; payload: unknown }
  | { t: 'error'; error: ErrorInfo };

/**
 * A command that could not be answered: a bad argument or unknown command (thrown by the
 * core before anything ran), or, on the renderer's side, a lost or closed connection.
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
