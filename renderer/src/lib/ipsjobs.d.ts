// What the Electron preload (electron/preload.ts) exposes with contextBridge. Absent in
// the web preview, where renderer/src/lib/bridge.ts talks WebSocket instead.
import type { RendererApi } from '../../../shared/ipc.ts';

declare global {
  interface Window {
    ipsJobs?: RendererApi;
  }
}

export {};
