/** A condition that could not be evaluated, and why. Policies resolve it towards deny. */
export class Unknown {
  constructor(readonly why: string) {}
}

/** The outcome of a condition: holds, does not hold, or cannot be told (Kleene's three-valued logic). */
export type Tri = boolean | Unknown;

/** `all` in three-valued logic: false if any is false, else unknown if any is unknown. */
export function allOf<T>(items: readonly T[], test: (item: T) => Tri): Tri {
  let unknown: Unknown | undefined;
  for (const item of items) {
    const result = test(item);
    if (result === false) return false;
    if (result !== true) unknown ??= result;
  }
  return unknown ?? true;
}

/** `any` in three-valued logic: true if any is true, else unknown if any is unknown. */
export function anyOf<T>(items: readonly T[], test: (item: T) => Tri): Tri {
  let unknown: Unknown | undefined;
  for (const item of items) {
    const result = test(item);
    if (result === true) return true;
    if (result !== false) unknown ??= result;
  }
  return unknown ?? false;
}

/** `not` in three-valued logic: unknown stays unknown. */
export function negate(result: Tri): Tri {
  return typeof result === 'boolean' ? !result : result;
}
