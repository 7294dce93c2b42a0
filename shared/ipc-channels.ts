// The IPC names and channels of shared/ipc.ts without its schemas, for the sandboxed
// preload: importing ipc.ts there would bundle zod and every schema into each window.
// Only types come from ipc.ts (erased at build); the compile-time checks below keep the
// lists equal to the command table and the Events interface there. ipc.ts re-exports them.
import type { CommandName, EventName } from './ipc.ts';

export type { CommandArg, CommandName, Commands, EventName, Events, RendererApi } from './ipc.ts';

export const COMMAND_NAMES = [
  'getSnapshot',
  'getOlderHistory',
  'getJobDetails',
  'stopJob',
  'pauseJob',
  'resumeJob',
  'deleteJob',
  'runJobNow',
  'rerunJob',
  'pollNow',
  'setPollingPaused',
  'getSettings',
  'saveSettings',
  'testAccount',
  'setAccount',
  'removeAccount',
  'setAccountEnabled',
  'openExternal',
  'copyText',
  'pauseNotifications',
  'getSearchIndex',
  'acknowledgeJobs',
  'saveFile',
  'getTransfers',
  'addUpload',
  'getFolders',
  'pauseTransfer',
  'resumeTransfer',
  'cancelTransfer',
  'retryTransfer',
  'resendFailed',
  'clearTransfers',
  'showTransferInFolder',
] as const satisfies readonly CommandName[];

export const EVENT_NAMES = [
  'jobs-patch',
  'tray',
  'connection',
  'polling',
  'settings',
  'companies',
  'navigate',
  'session',
  'transfers',
  'search-index',
] as const satisfies readonly EventName[];

export const commandChannel = (c: CommandName): string => `ips:cmd:${c}`;
export const eventChannel = (e: EventName): string => `ips:evt:${e}`;

type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _commands: Exact<(typeof COMMAND_NAMES)[number], CommandName> = true;
const _events: Exact<(typeof EVENT_NAMES)[number], EventName> = true;
void _commands;
void _events;
