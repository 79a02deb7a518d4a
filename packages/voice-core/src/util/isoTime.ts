/**
 * `Date.parse` for the timestamps a pipecat bot sends (`2026-01-01T00:00:00.080Z`, or with
 * `+00:00`), at under half its cost (a user's every interim transcription carries one): the
 * exact ISO form `YYYY-MM-DDTHH:MM:SS(.fraction)(Z|±HH:MM)` is read by hand; anything else
 * — another form, a day past the 28th, an hour of 24, no offset (local time) — goes to
 * `Date.parse`, so the result is always `Date.parse`'s (a property test holds it to that).
 */
export function parseIsoTime(s: string): number {
  const n = s.length;
  if (
    n < 20 ||
    s.charCodeAt(4) !== 45 || // -
    s.charCodeAt(7) !== 45 ||
    s.charCodeAt(10) !== 84 || // T
    s.charCodeAt(13) !== 58 || // :
    s.charCodeAt(16) !== 58
  )
    return Date.parse(s);
  const century = twoDigits(s, 0);
  const yy = twoDigits(s, 2);
  const month = twoDigits(s, 5);
  const day = twoDigits(s, 8);
  const hour = twoDigits(s, 11);
  const minute = twoDigits(s, 14);
  const second = twoDigits(s, 17);
  if (
    century < 0 ||
    yy < 0 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > 28 ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 59
  )
    return Date.parse(s);
  let i = 19;
  let ms = 0;
  if (s.charCodeAt(i) === 46) {
    // A fraction of any length: its first three digits are the milliseconds (truncated).
    i += 1;
    let digits = 0;
    for (; i < n; i++) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      if (digits < 3) ms = ms * 10 + d;
      digits += 1;
    }
    if (digits === 0) return Date.parse(s);
    for (let k = digits; k < 3; k++) ms *= 10;
  }
  let offset = 0;
  const zone = s.charCodeAt(i);
  if (zone === 90 && i + 1 === n)
    offset = 0; // Z
  else if ((zone === 43 || zone === 45) && i + 6 === n && s.charCodeAt(i + 3) === 58) {
    const oh = twoDigits(s, i + 1);
    const om = twoDigits(s, i + 4);
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return Date.parse(s);
    offset = (zone === 43 ? 1 : -1) * (oh * 60 + om) * 60_000;
  } else return Date.parse(s);
  const days = daysFromCivil(century * 100 + yy, month, day);
  return ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + ms - offset;
}

/** The two decimal digits at `i`, or -1. */
function twoDigits(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}
