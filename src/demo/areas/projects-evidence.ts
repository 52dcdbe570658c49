import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';

/*
 * The demo's evidence files: small PNG images that our code draws for each field verification — a
 * site seen from the street, at the stage the milestone reached — so that the hashes the demo's
 * verifications cite belong to real files that the evidence store holds and serves. They are drawings,
 * not photographs, and say so in their text chunk. Everything is a pure function of the demo seed and
 * the verification: the same seed gives the same bytes on every machine (the image data is kept in
 * stored deflate blocks, so no compressor's version can change them).
 */

/** One evidence file: its bytes and what a verification cites of it. */
export interface DemoEvidenceFile {
  sha256: string;
  mediaType: 'image/png';
  bytes: number;
  data: Uint8Array;
}

const WIDTH = 96;
const HEIGHT = 72;

/** The palette: sky, ground, rubble, concrete, wall paint, window, outline, survey stake. */
const PALETTE: ReadonlyArray<readonly [number, number, number]> = [
  [150, 196, 232], // 0 sky
  [205, 186, 150], // 1 ground
  [140, 132, 124], // 2 rubble
  [176, 176, 170], // 3 bare concrete
  [232, 220, 196], // 4 finished wall
  [70, 96, 120], // 5 window
  [60, 60, 60], // 6 outline
  [214, 84, 52], // 7 survey stake, site fence
];

export interface DemoEvidenceSubject {
  seed: number;
  projectId: string;
  /** the milestone's number: 1 site cleared, 2 structure, 3 finished */
  milestone: number;
  verificationId: string;
  confirmed: boolean;
  /** a number from the area's random stream, for variety between sites */
  variant: number;
}

/** Draws the evidence image of one verification and returns it with its SHA-256. */
export function demoEvidencePhoto(s: DemoEvidenceSubject): DemoEvidenceFile {
  const pixels = drawSite(s);
  const text = `Amanah demo evidence. A generated drawing, not a photograph: milestone m${s.milestone} of project ${s.projectId}, verification ${s.verificationId}, demo seed ${s.seed}.`;
  const data = png(pixels, text);
  return {
    sha256: createHash('sha256').update(data).digest('hex'),
    mediaType: 'image/png',
    bytes: data.byteLength,
    data,
  };
}

/** The scene, one palette index a pixel, row by row. */
function drawSite(s: DemoEvidenceSubject): Uint8Array {
  const h = createHash('sha256')
    .update(`amanah-demo-evidence:${s.seed}:${s.verificationId}:${s.variant}`)
    .digest();
  const px = new Uint8Array(WIDTH * HEIGHT);
  const horizon = 40 + (h[0]! % 8);
  const rect = (x0: number, y0: number, x1: number, y1: number, c: number): void => {
    for (let y = Math.max(0, y0); y < Math.min(HEIGHT, y1); y++)
      for (let x = Math.max(0, x0); x < Math.min(WIDTH, x1); x++) px[y * WIDTH + x] = c;
  };
  rect(0, 0, WIDTH, horizon, 0);
  rect(0, horizon, WIDTH, HEIGHT, 1);

  // What the monitor saw: a cleared site with its stakes, the structure going up, or the finished block.
  const left = 14 + (h[1]! % 16);
  const width = 40 + (h[2]! % 20);
  const base = horizon + 10;
  const storeys = s.milestone === 1 ? 0 : s.confirmed ? 3 : 1 + (h[3]! % 2);
  const storey = 9;
  if (storeys === 0) {
    for (let k = 0; k < 4; k++) {
      const x = left + Math.floor((k * width) / 3);
      rect(x, base - 8, x + 1, base, 7);
    }
    for (let k = 0; k < 3; k++) {
      const x = (h[4 + k]! % (WIDTH - 16)) + 4;
      const w = 6 + (h[7 + k]! % 8);
      for (let d = 0; d < 4; d++) rect(x + d, base + 4 - d, x + w - d, base + 5 - d, 2);
    }
  } else {
    const top = base - storeys * storey;
    const wall = s.milestone === 3 && s.confirmed ? 4 : 3;
    rect(left, top, left + width, base, wall);
    rect(left, top, left + width, top + 1, 6);
    rect(left, top, left + 1, base, 6);
    rect(left + width - 1, top, left + width, base, 6);
    for (let f = 0; f < storeys; f++) {
      for (let x = left + 4; x + 5 < left + width; x += 9) {
        const y = top + f * storey + 3;
        rect(x, y, x + 5, y + 4, s.milestone === 2 && (x + f) % 2 === 0 ? 6 : 5);
      }
    }
    if (!s.confirmed) rect(left + width, top + 2, left + width + 6, base, 2);
  }
  rect(0, base + 1, WIDTH, base + 2, 7);
  return px;
}

/** A PNG (colour type 3, 8-bit palette) of the pixels, with a tEXt chunk saying what it is. */
function png(pixels: Uint8Array, description: string): Uint8Array {
  const raw = new Uint8Array((WIDTH + 1) * HEIGHT);
  for (let y = 0; y < HEIGHT; y++) {
    raw[y * (WIDTH + 1)] = 0; // filter: none
    raw.set(pixels.subarray(y * WIDTH, (y + 1) * WIDTH), y * (WIDTH + 1) + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(WIDTH, 0);
  ihdr.writeUInt32BE(HEIGHT, 4);
  ihdr.set([8, 3, 0, 0, 0], 8); // bit depth 8, palette, deflate, adaptive filtering, no interlace
  const plte = Buffer.from(PALETTE.flat());
  const text = Buffer.concat([Buffer.from('Description\0', 'latin1'), Buffer.from(description, 'latin1')]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), // PNG signature (PNG spec, 5.2)
    chunk('IHDR', ihdr),
    chunk('PLTE', plte),
    chunk('tEXt', text),
    chunk('IDAT', storedZlib(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, body: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.byteLength, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, crc]);
}

/** A zlib stream (RFC 1950) of stored deflate blocks (RFC 1951, 3.2.4): the bytes depend on nothing else. */
function storedZlib(data: Uint8Array): Buffer {
  const MAX_STORED = 65_535;
  const parts: Buffer[] = [Buffer.from([0x78, 0x01])];
  for (let at = 0; at < data.byteLength || at === 0; at += MAX_STORED) {
    const block = data.subarray(at, at + MAX_STORED);
    const last = at + MAX_STORED >= data.byteLength;
    const head = Buffer.alloc(5);
    head[0] = last ? 1 : 0; // BFINAL, BTYPE = 00 (stored)
    head.writeUInt16LE(block.byteLength, 1);
    head.writeUInt16LE(~block.byteLength & 0xffff, 3);
    parts.push(head, Buffer.from(block));
    if (last) break;
  }
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE(adler32(data), 0);
  parts.push(adler);
  return Buffer.concat(parts);
}

/** Adler-32 (RFC 1950, 8.2). */
function adler32(data: Uint8Array): number {
  const MOD_ADLER = 65_521;
  let a = 1;
  let b = 0;
  for (const byte of data) {
    a = (a + byte) % MOD_ADLER;
    b = (b + a) % MOD_ADLER;
  }
  return ((b << 16) | a) >>> 0;
}
