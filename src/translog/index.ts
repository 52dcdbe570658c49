/**
 * Amanah's transparency-log library: RFC 6962 / RFC 9162 Merkle trees stored as C2SP tiles, signed
 * notes, checkpoints, cosignatures and the witness protocol. Pure: its only platform dependency is
 * `./crypto.ts`.
 */
export * from './translog-error.js';
export * from './crypto.js';
export * from './encoding.js';
export * from './hash.js';
export * from './tree-math.js';
export * from './inclusion-proof.js';
export * from './consistency-proof.js';
export * from './tile-path.js';
export * from './entry-bundle.js';
export * from './tile-reader.js';
export * from './memory-tile-store.js';
export * from './tiled-tree.js';
export * from './key-id.js';
export * from './note.js';
export * from './note-key.js';
export * from './checkpoint.js';
export * from './cosignature.js';
export * from './witness.js';
