import { AmanahError } from './errors.js';

/*
 * Small checks shared by the areas' rules (src/domain/<area>/decide.ts), each refusing with the
 * same code and message wherever it applies.
 */

/** A dated record's date is the day something happened: never after the day it is recorded. */
export function notAfter(date: string, time: string): void {
  if (date > time.slice(0, 10)) {
    throw new AmanahError('VALIDATION_FAILED', `the date ${date} is after the day it is recorded`, [
      { path: 'payload.date', message: `at most ${time.slice(0, 10)}` },
    ]);
  }
}

/** The value the rule needs, or NOT_FOUND naming the unknown record and the field that cited it. */
export function known<T>(value: T | undefined, what: string, id: string, path: string): T {
  if (value === undefined) {
    throw new AmanahError('NOT_FOUND', `no ${what} "${id}"`, [{ path, message: 'unknown' }]);
  }
  return value;
}
