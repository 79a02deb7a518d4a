/** How much of a foreign value an error message or log line quotes, by default. */
export const QUOTE_MAX = 200;

/**
 * A bounded rendering of a value that came from outside (a bot's payload, a thrown value, a
 * server's answer) for an error message or a log line: a string as it is, anything else as
 * JSON (or `String()` when JSON cannot carry it), cut to `max` characters with how much was
 * left out. A message quoting a 1 MB payload whole is a 1 MB log line, on every occurrence.
 *
 * @example quote('x'.repeat(5000)) // 'xxx…x… (4800 more characters)'
 */
export function quote(value: unknown, max = QUOTE_MAX): string {
  return truncate(render(value), max);
}

/** `text` cut to `max` characters (plus a note of what was cut), unchanged when it fits. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

function render(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    const json = JSON.stringify(value);
    if (json !== undefined) return json;
  } catch {
    // a cycle or a BigInt: fall through
  }
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
