/** Synthetic files of each accepted kind (and one that is not), for tests: noise behind a real header. */
import { createHash, randomBytes } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** A valid PNG of about `bytes` bytes (grey noise). */
export function png(bytes: number): Buffer {
  const width = 256;
  const rows = Math.max(1, Math.ceil(bytes / (width + 1)));
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(rows, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(0, 9); // greyscale
  const raw = Buffer.alloc(rows * (width + 1));
  randomBytes(raw.length).copy(raw);
  for (let row = 0; row < rows; row++) raw[row * (width + 1)] = 0; // filter: none
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(raw, { level: 0 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

export const jpeg = (bytes: number) =>
  Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
    Buffer.from('JFIF\0', 'latin1'),
    randomBytes(bytes - 11),
  ]);

export const pdf = (bytes: number) => {
  const head = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', 'latin1');
  return Buffer.concat([head, Buffer.alloc(Math.max(0, bytes - head.length), 0x20)]);
};

/** DICOM Part 10: a 128-byte preamble, then `DICM`. */
export const dicom = (bytes: number) =>
  Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), randomBytes(Math.max(0, bytes - 132))]);

/** A Windows executable (MZ … PE), whatever it is called. */
export function executable(bytes: number): Buffer {
  const file = Buffer.alloc(Math.max(bytes, 0x100));
  file.write('MZ', 0, 'latin1');
  file.writeUInt32LE(0x80, 0x3c);
  file.write('PE\0\0', 0x80, 'latin1');
  file.write('This program cannot be run in DOS mode.', 0x4e, 'latin1');
  return file;
}

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
