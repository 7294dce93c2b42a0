// The IPC bridge in main: one ipcMain.handle per command of shared/ipc.ts, each checking
// the sender (our window's app:// page, nothing else) before the AppCore validates the
// argument (parseCommandArg) and answers; and the core's events forwarded to our window
// only.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { COMMAND_NAMES, EVENT_NAMES, commandChannel, eventChannel, type EventName, type Events } from '../../shared/ipc.ts';

/** What the bridge needs of the AppCore (electron/core/app.ts). */
export interface CommandTarget {
  handle(command: string, arg: unknown): Promise<unknown>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}

export interface IpcBridgeOptions {
  core: CommandTarget;
  isTrustedSender(event: IpcMainInvokeEvent): boolean;
  /** Our window's web contents, when one is open. */
  target(): WebContents | undefined;
}

/** Thrown to the renderer for a message from anywhere but our own page. */
export class UntrustedSenderError extends Error {
  constructor(channel: string) {
    super(`Refused ${channel}: not sent by the IPS Jobs window`);
    this.name = 'UntrustedSenderError';
  }
}

/** Register the handlers and forwarders; returns a function that removes them all. */
export function registerIpc(opts: IpcBridgeOptions): () => void {
  for (const command of COMMAND_NAMES) {
    const channel = commandChannel(command);
    ipcMain.handle(channel, async (event, arg: unknown) => {
      if (!opts.isTrustedSender(event)) throw new UntrustedSenderError(channel);
      // The core validates `arg` against the command's schema before anything runs, and
      // answers bad input with { ok: false, error: { kind: 'usage' } }; only an unknown command rejects.
      try {
        return await opts.core.handle(command, arg);
      } catch (err) {
        // Only a message crosses to the renderer; never a stack from main.
        const info = (err as { info?: { message?: string } }).info;
        throw new Error(info?.message ?? (err as Error).message ?? 'Command failed', { cause: err });
      }
    });
  }
  const unsubscribe = EVENT_NAMES.map((name) =>
    opts.core.on(name, (payload) => {
      const wc = opts.target();
      if (wc && !wc.isDestroyed()) wc.send(eventChannel(name), payload);
    }),
  );
  return () => {
    for (const command of COMMAND_NAMES) ipcMain.removeHandler(commandChannel(command));
    for (const u of unsubscribe) u();
  };
}
