/**
 * jsonb cannot hold `\u0000` nor a lone UTF-16 surrogate, both of which tool output can contain
 * (binary files, strings cut in the middle of an emoji). Such a value is stored as its JSON text
 * inside a one-key object and decoded back on read, so every JSON value round-trips.
 */
const envelopeKey = '$warden:json';
const unstorable = /\\u0000|\\ud[89a-f]/i;

/** The jsonb parameter for a value already serialized as JSON text. */
export function toJsonbText(json: string): string {
  return unstorable.test(json) ? JSON.stringify({ [envelopeKey]: json }) : json;
}

/** The value again from what pg decoded out of a jsonb column. */
export function fromJsonb(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && envelopeKey in value) {
    return JSON.parse((value as Record<string, string>)[envelopeKey]!);
  }
  return value;
}
