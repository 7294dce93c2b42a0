// A minimal ZIP writer (stored entries, no compression): the simulator's export downloads,
// and test archives with Unix modes (test/shell/helpers/zip.ts). Enough for any unzip tool
// and for Electron's own extractor; not a general-purpose library.

const CRC_TABLE = ((): Uint32Array => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(buf: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = (CRC_TABLE[(c ^ (buf[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export interface StoredEntry {
  name: string;
  data: Buffer;
  /** Unix mode bits (e.g. 0o755); the entry is then marked as made on Unix. */
  mode?: number;
}

/**
 * The 26 bytes the local header (at offset 4) and the central directory entry (at offset 6)
 * share: version needed, flags (UTF-8 names), method (stored), time, date, CRC, sizes,
 * name length, extra length.
 */
function writeCommon(buf: Buffer, at: number, f: { dosTime: number; dosDate: number; crc: number; size: number; nameLength: number }): void {
  buf.writeUInt16LE(20, at);
  buf.writeUInt16LE(0x0800, at + 2);
  buf.writeUInt16LE(0, at + 4);
  buf.writeUInt16LE(f.dosTime, at + 6);
  buf.writeUInt16LE(f.dosDate, at + 8);
  buf.writeUInt32LE(f.crc, at + 10);
  buf.writeUInt32LE(f.size, at + 14);
  buf.writeUInt32LE(f.size, at + 18);
  buf.writeUInt16LE(f.nameLength, at + 22);
  buf.writeUInt16LE(0, at + 24);
}

export function zipStored(entries: StoredEntry[], date = new Date(0)): Buffer {
  const dosTime = ((date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1)) & 0xffff;
  const dosDate = (((Math.max(1980, date.getUTCFullYear()) - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate()) & 0xffff;
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const common = { dosTime, dosDate, crc: crc32(e.data), size: e.data.length, nameLength: name.length };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    writeCommon(local, 4, common);
    locals.push(local, name, e.data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    // Version made by: 2.0, on Unix when a mode is given (the external attributes then hold it).
    central.writeUInt16LE(e.mode === undefined ? 20 : (3 << 8) | 20, 4);
    writeCommon(central, 6, common);
    if (e.mode !== undefined) central.writeUInt32LE(((0o100000 | e.mode) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + e.data.length;
  }
  const cdSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}
