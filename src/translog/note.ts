/**
 * Signed notes (c2sp.org/signed-note): a UTF-8 text ending in a newline, a blank line, and one or
 * more signature lines `— <key name> base64(key ID || signature)`.
 */
import {
  bytesEqual,
  concatBytes,
  decodeBase64,
  decodeUtf8,
  encodeBase64,
  encodeUtf8,
  hasLoneSurrogate,
} from './encoding.js';
import { formatKeyId, isValidKeyName, keyIdBytes } from './key-id.js';
import { TranslogError } from './translog-error.js';

/** signed-note "Format": a signature line starts with an em dash (U+2014) and a space. */
export const SIGNATURE_LINE_PREFIX = '\u2014 ';

/**
 * signed-note "Format" asks verifiers to cap the number of signatures and to accept at least 16;
 * we reject more than 100, as golang.org/x/mod/sumdb/note does.
 */
export const MAX_NOTE_SIGNATURES = 100;

/** Size of the key ID that starts every signature (signed-note "Format"). */
export const KEY_ID_SIZE = 4;

/** One signature line of a note. `signature` excludes the 4-byte key ID. */
export interface NoteSignature {
  readonly name: string;
  readonly keyId: number;
  readonly signature: Uint8Array;
}

/** A parsed, not yet verified note. `text` includes its final newline. */
export interface Note {
  readonly text: string;
  readonly signatures: readonly NoteSignature[];
}

/** A note whose signatures from known keys all verified, with at least one such signature. */
export interface VerifiedNote extends Note {
  /** Signatures from known keys, each verified (duplicates dropped). */
  readonly verified: readonly NoteSignature[];
  /** Signatures from unknown keys, ignored as signed-note "Signatures" requires (duplicates dropped). */
  readonly unverified: readonly NoteSignature[];
}

/** A known key: the (name, key ID) pair it signs as, and its signature check over the note text. */
export interface NoteVerifier {
  readonly name: string;
  readonly keyId: number;
  /** Whether `signature` (without the key ID) is valid over the UTF-8 note text. Never throws. */
  verify(text: Uint8Array, signature: Uint8Array): boolean;
}

/** A private key that signs note texts. */
export interface NoteSigner {
  readonly name: string;
  readonly keyId: number;
  /** The signature (without the key ID) over the UTF-8 note text. */
  sign(text: Uint8Array): Uint8Array;
}

function malformed(why: string): TranslogError {
  return new TranslogError('NOTE_MALFORMED', `malformed note: ${why}`);
}

/** signed-note "Format": no ASCII control characters (below U+0020) other than newline. */
function hasForbiddenControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x0a) return true;
  }
  return false;
}

/**
 * Throws `NOTE_MALFORMED` unless `text` can be a note text: non-empty, valid UTF-8 (no lone
 * surrogates), no control characters but newline, ending in a newline.
 */
export function assertNoteText(text: string): void {
  if (hasLoneSurrogate(text)) throw malformed('the text is not valid UTF-8');
  if (hasForbiddenControl(text)) {
    throw malformed('the text contains an ASCII control character other than newline');
  }
  if (!text.endsWith('\n')) throw malformed('the text does not end in a newline');
}

/** Parses one signature line (without its newline). */
function parseSignatureLine(line: string): NoteSignature {
  if (!line.startsWith(SIGNATURE_LINE_PREFIX)) {
    throw malformed(`a line after the last blank line is not a signature line: ${JSON.stringify(line)}`);
  }
  const parts = line.slice(SIGNATURE_LINE_PREFIX.length).split(' ');
  if (parts.length !== 2) {
    throw malformed(`a signature line is not "— <key name> <base64>": ${JSON.stringify(line)}`);
  }
  const [name, b64] = parts as [string, string];
  if (!isValidKeyName(name)) throw malformed(`invalid key name ${JSON.stringify(name)}`);
  let blob: Uint8Array;
  try {
    blob = decodeBase64(b64, 'signature');
  } catch {
    throw malformed(`the signature of ${name} is not base64`);
  }
  if (blob.length <= KEY_ID_SIZE) throw malformed(`the signature of ${name} is shorter than a key ID`);
  const keyId = ((blob[0]! << 24) | (blob[1]! << 16) | (blob[2]! << 8) | blob[3]!) >>> 0;
  return { name, keyId, signature: blob.subarray(KEY_ID_SIZE) };
}

/**
 * Parses a signed note (signed-note "Format"). Accepts bytes (checked as strict UTF-8) or a string.
 * Throws `NOTE_MALFORMED` if the note is not valid UTF-8, contains a control character other than
 * newline, has no blank line, has no signature, has a line after the blank line that is not a
 * signature line, does not end in a newline, or has more than {@link MAX_NOTE_SIGNATURES} signatures.
 * Signatures are not checked: use {@link verifyNote}.
 */
export function parseNote(note: string | Uint8Array): Note {
  const decoded = typeof note === 'string' ? note : decodeUtf8(note);
  if (decoded === undefined) throw malformed('the note is not valid UTF-8');
  assertNoteText(decoded);
  // The text is separated from the signatures by the last empty line (signed-note "Format").
  const split = decoded.lastIndexOf('\n\n');
  if (split < 0) throw malformed('there is no blank line before the signatures');
  const text = decoded.slice(0, split + 1);
  const block = decoded.slice(split + 2);
  if (block === '') throw malformed('there are no signature lines');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_NOTE_SIGNATURES) {
    throw malformed(`${lines.length} signatures; at most ${MAX_NOTE_SIGNATURES} are accepted`);
  }
  return { text, signatures: lines.map(parseSignatureLine) };
}

/** One signature line, `— <name> base64(key ID || signature)` and its newline. */
export function formatSignatureLine(sig: NoteSignature): string {
  if (!isValidKeyName(sig.name)) throw malformed(`invalid key name ${JSON.stringify(sig.name)}`);
  return `${SIGNATURE_LINE_PREFIX}${sig.name} ${encodeBase64(concatBytes(keyIdBytes(sig.keyId), sig.signature))}\n`;
}

/** The note text, a blank line and the signature lines. */
export function formatNote(note: Note): string {
  assertNoteText(note.text);
  if (note.signatures.length === 0) throw malformed('a note needs at least one signature');
  return `${note.text}\n${note.signatures.map(formatSignatureLine).join('')}`;
}

/**
 * Signs a note text with each signer and returns the whole note; signatures already on the note
 * are kept first (so a witness or a second key can add its signature, signed-note "Signatures").
 */
export function signNote(
  note: { readonly text: string; readonly signatures?: readonly NoteSignature[] },
  signers: readonly NoteSigner[],
): string {
  assertNoteText(note.text);
  const bytes = encodeUtf8(note.text);
  const added = signers.map((s) => ({ name: s.name, keyId: s.keyId, signature: s.sign(bytes) }));
  return formatNote({ text: note.text, signatures: [...(note.signatures ?? []), ...added] });
}

function sameSignature(a: NoteSignature, b: NoteSignature): boolean {
  return a.name === b.name && a.keyId === b.keyId && bytesEqual(a.signature, b.signature);
}

/**
 * Parses (if needed) and verifies a note against known keys (signed-note "Signatures"):
 * signatures whose (name, key ID) match no verifier are ignored; every signature that matches one
 * must verify, else `SIGNATURE_INVALID` (the whole note is rejected); at least one must match and
 * verify, else `NOTE_UNVERIFIED`. A malformed note throws `NOTE_MALFORMED`.
 */
export function verifyNote(
  note: string | Uint8Array | Note,
  verifiers: readonly NoteVerifier[],
): VerifiedNote {
  const parsed = typeof note === 'string' || note instanceof Uint8Array ? parseNote(note) : note;
  const text = encodeUtf8(parsed.text);
  const verified: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  for (const sig of parsed.signatures) {
    const known = verifiers.filter((v) => v.name === sig.name && v.keyId === sig.keyId);
    if (known.length === 0) {
      if (!unverified.some((u) => u.name === sig.name && u.keyId === sig.keyId)) unverified.push(sig);
      continue;
    }
    if (verified.some((v) => sameSignature(v, sig))) continue;
    if (!known.some((v) => v.verify(text, sig.signature))) {
      throw new TranslogError(
        'SIGNATURE_INVALID',
        `the signature of known key ${sig.name}+${formatKeyId(sig.keyId)} does not verify`,
      );
    }
    verified.push(sig);
  }
  if (verified.length === 0) {
    const names = parsed.signatures.map((s) => `${s.name}+${formatKeyId(s.keyId)}`).join(', ');
    throw new TranslogError(
      'NOTE_UNVERIFIED',
      `no signature on the note is from a known key (signed by: ${names})`,
    );
  }
  return { text: parsed.text, signatures: parsed.signatures, verified, unverified };
}
