// Option parts that several commands share.
import { InvalidArgumentError, Option } from 'commander';

/** An argument parser for an integer from `min` to `max`, naming the option when it is not one. */
export const intArg =
  (name: string, min: number, max: number) =>
  (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}`);
    return n;
  };

/** `--db`: the database a command works on. */
export const dbOption = (): Option =>
  new Option(
    '--db <path|url>',
    'SQLite file or postgres:// URL (default: $DATABASE_URL, else ./data/amanah.db)',
  );
