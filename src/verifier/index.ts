/**
 * Amanah's log verifier: checks a whole log from a mirror (an http(s) URL or a directory) against
 * the keys that sign it. `verifyLog` is the entry point; `MirrorSource` is the one I/O port.
 */
export * from './mirror-source.js';
export * from './http-mirror-source.js';
export * from './directory-mirror-source.js';
export * from './open-mirror.js';
export * from './mirror-documents.js';
export * from './verify-failure.js';
export * from './checkpoint-check.js';
export * from './key-registry.js';
export * from './tree-check.js';
export * from './canonical-text.js';
export * from './entry-checks.js';
export * from './entry-checker.js';
export * from './projection-replay.js';
export * from './verifier-state.js';
export * from './state-file.js';
export * from './verify-log.js';
export * from './format-report.js';
