// Ways a dishonest mirror could alter what it serves, for the tests that check the page notices.

const SIGNATURE_LINE_PREFIX = '\u2014 ';

function flipFirstByteOfBase64(text: string): string {
  const bytes = Buffer.from(text, 'base64');
  bytes[0]! ^= 0x01;
  return bytes.toString('base64');
}

/** The signed note with one byte of the checkpoint's root hash (its third line) changed. */
export function flipRootByte(note: string): string {
  const lines = note.split('\n');
  lines[2] = flipFirstByteOfBase64(lines[2]!);
  return lines.join('\n');
}

function splitNote(note: string): { text: string; signatures: string[] } {
  const split = note.lastIndexOf('\n\n');
  return { text: note.slice(0, split + 1), signatures: note.slice(split + 2, -1).split('\n') };
}

function joinNote(text: string, signatures: readonly string[]): string {
  return `${text}\n${signatures.map((line) => `${line}\n`).join('')}`;
}

/** The signed note with only the first `keep` witness cosignatures (the log's signature stays). */
export function keepCosignatures(note: string, origin: string, keep: number): string {
  const { text, signatures } = splitNote(note);
  const log = signatures.filter((line) => line.startsWith(`${SIGNATURE_LINE_PREFIX}${origin} `));
  const witnesses = signatures.filter((line) => !log.includes(line));
  return joinNote(text, [...log, ...witnesses.slice(0, keep)]);
}

/**
 * The signed note with the signature of `name` altered: its key ID is kept, so that it still claims
 * to come from that key, and a byte of the Ed25519 signature at its end is flipped.
 */
export function forgeSignature(note: string, name: string): string {
  const { text, signatures } = splitNote(note);
  return joinNote(
    text,
    signatures.map((line) => {
      if (!line.startsWith(`${SIGNATURE_LINE_PREFIX}${name} `)) return line;
      const blob = Buffer.from(line.slice(line.lastIndexOf(' ') + 1), 'base64');
      blob[blob.length - 1]! ^= 0x01;
      return `${SIGNATURE_LINE_PREFIX}${name} ${blob.toString('base64')}`;
    }),
  );
}

/** The signed note with one more signature line, from a key nobody listed. */
export function addUnknownSignature(note: string): string {
  const { text, signatures } = splitNote(note);
  const blob = Buffer.alloc(4 + 64, 7);
  return joinNote(text, [
    ...signatures,
    `${SIGNATURE_LINE_PREFIX}stranger.example ${blob.toString('base64')}`,
  ]);
}
