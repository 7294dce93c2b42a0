// A minimal zip writer for tests: stored (uncompressed) entries with Unix modes, enough for
// a stand-in Electron archive that Electron's own extractor unpacks. No zip tool needed:
// the simulator's writer (electron/simulator/zip.ts) does the bytes.
import { zipStored } from '../../../electron/simulator/zip.ts';

export interface ZipEntry {
  name: string;
  data: string | Buffer;
  /** Unix mode bits, e.g. 0o755 for an executable. */
  mode?: number;
}

/** Entries dated 1 January 2026, 00:00; mode 0o644 unless given. */
export function makeZip(entries: ZipEntry[]): Buffer {
  const stored = entries.map((e) => ({ name: e.name, data: Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data, 'utf8'), mode: e.mode ?? 0o644 }));
  return zipStored(stored, new Date(Date.UTC(2026, 0, 1)));
}
