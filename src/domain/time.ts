/**
 * Milliseconds since the epoch of a UTC instant as the log writes them — "2026-11-25T09:00:00.000Z",
 * the milliseconds optional — read straight from its digits: exactly what `Date.parse` gives. The
 * rules compare thousands of such instants in one batch of imported rows, and the engine's general
 * date parser costs several times as much as this.
 *
 * Only the plain case is read here: that shape, a year from 1000 on, a month 1–12, a day that the
 * month has, an hour below 24, minutes and seconds below 60. Anything else (another shape, hour 24,
 * 30 February …) is handed to `Date.parse` itself, so every input, valid or not, gets its answer.
 */
export function instantMs(text: string): number {
  // the instants of a batch repeat (its signing time; a row's request and stage times): the last two
  // answers are kept
  if (text === last.text) return last.ms;
  if (text === previous.text) return previous.ms;
  const ms = read(text);
  previous = last;
  last = { text, ms };
  return ms;
}

let last = { text: '', ms: Number.NaN };
let previous = last;

function read(text: string): number {
  const n = text.length;
  if (
    (n !== 20 && n !== 24) ||
    text.charCodeAt(4) !== DASH ||
    text.charCodeAt(7) !== DASH ||
    text.charCodeAt(10) !== T ||
    text.charCodeAt(13) !== COLON ||
    text.charCodeAt(16) !== COLON ||
    text.charCodeAt(n - 1) !== Z ||
    (n === 24 && text.charCodeAt(19) !== DOT)
  )
    return Date.parse(text);
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  const ms = n === 24 ? digits(text, 20, 3) : 0;
  if (
    // digits() is negative when a character is not a digit
    ms < 0 ||
    year < 1000 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysIn(year, month) ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 59
  )
    return Date.parse(text);
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

const DASH = 0x2d;
const COLON = 0x3a;
const DOT = 0x2e;
const T = 0x54;
const Z = 0x5a;

/** The decimal number written by `count` digits of `s` from `at`; negative when one is not a digit. */
function digits(s: string, at: number, count: number): number {
  let v = 0;
  for (let i = at; i < at + count; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
