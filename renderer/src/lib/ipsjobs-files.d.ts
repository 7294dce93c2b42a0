// What the Electron preload (electron/preload.ts) exposes beside window.ipsJobs: a dropped
// or picked File's path on disk. Absent in the web preview, where the Transfers view asks
// for a path instead.
declare global {
  interface Window {
    ipsJobsFiles?: { pathForFile(file: File): string };
  }
}

export {};
