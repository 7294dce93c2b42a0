// The sandboxed preload: exposes exactly the RendererApi of shared/ipc.ts as
// window.ipsJobs. Only the commands and events of that table pass; the renderer never
// sees ipcRenderer, an IPC event object or anything of Node. Beside it, window.ipsJobsFiles
// turns a dropped or picked File into its path on disk (webUtils.getPathForFile): the main
// side checks every path again before it reads anything. Bundled to dist/preload.cjs
// (sandboxed preloads are CommonJS and may only require 'electron').
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { COMMAND_NAMES, EVENT_NAMES, commandChannel, eventChannel, type CommandName, type EventName, type RendererApi } from '../shared/ipc-channels.ts';

const commands: ReadonlySet<string> = new Set<string>(COMMAND_NAMES);
const events: ReadonlySet<string> = new Set<string>(EVENT_NAMES);

const api: RendererApi = {
  invoke(command, arg) {
    if (typeof command !== 'string' || !commands.has(command)) {
      return Promise.reject(new Error(`Unknown command: ${String(command).slice(0, 80)}`));
    }
    return ipcRenderer.invoke(commandChannel(command as CommandName), arg);
  },
  on(event, listener) {
    if (typeof event !== 'string' || !events.has(event)) throw new Error(`Unknown event: ${String(event).slice(0, 80)}`);
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    const channel = eventChannel(event as EventName);
    const forward = (_event: IpcRendererEvent, payload: unknown): void => {
      (listener as (p: unknown) => void)(payload);
    };
    ipcRenderer.on(channel, forward);
    return () => {
      ipcRenderer.removeListener(channel, forward);
    };
  },
};

contextBridge.exposeInMainWorld('ipsJobs', api);

type DomFile = Parameters<typeof webUtils.getPathForFile>[0];
contextBridge.exposeInMainWorld('ipsJobsFiles', {
  /** The absolute path of a dropped or picked file or folder; '' when it has none. */
  pathForFile(file: DomFile): string {
    try {
      const p = webUtils.getPathForFile(file);
      return typeof p === 'string' ? p : '';
    } catch {
      return '';
    }
  },
});
