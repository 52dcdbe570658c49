import { isTranslogError } from '../../src/translog/index.js';

/** 'OK' when `f` returns, else the TranslogError code it threw (or the error's text). */
export function codeOf(f: () => unknown): string {
  try {
    f();
    return 'OK';
  } catch (e) {
    return isTranslogError(e) ? e.code : String(e);
  }
}
