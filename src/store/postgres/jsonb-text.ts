/**
 * jsonb cannot hold `\u0000` nor a lone UTF-16 surrogate, both of which tool output can contain
 * (binary files, strings cut in the middle of an emoji). Such a value is stored as its JSON text
 * inside a one-key object and decoded back on read, so every JSON value round-trips.
 */
const envelopeKey = '$warden:json';
const unstorable = /\\u0000|\\ud[89a-f]/i;
// How the key appears in `JSON.stringify` output, which never escapes `$` or `:`.
const envelopeKeyText = JSON.stringify(envelopeKey);

/**
 * The jsonb parameter for a value serialized by `JSON.stringify`. A value that mentions the envelope key
 * anywhere is wrapped too (cheaper than parsing it to see where): a model or a tool may write an object with
 * that key, and it must read back as written, not be taken for an envelope.
 */
export function toJsonbText(json: string): string {
  return unstorable.test(json) || json.includes(envelopeKeyText) ? JSON.stringify({ [envelopeKey]: json }) : json;
}

/** The value again from what pg decoded out of a jsonb column. */
export function fromJsonb(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && Object.hasOwn(value, envelopeKey)) {
    return JSON.parse((value as Record<string, string>)[envelopeKey]!);
  }
  return value;
}

const unstorableInText = /\0|\p{Surrogate}/gu;

/**
 * Text a PostgreSQL TEXT column can hold: each NUL and each lone UTF-16 surrogate becomes U+FFFD (pg's UTF-8
 * encoding would turn a lone surrogate into one anyway; a NUL fails the statement). For display copies only,
 * such as a run's `input`, whose exact value the run's events keep.
 */
export function toStorableText(text: string): string {
  return text.replace(unstorableInText, '\uFFFD');
}
