/** Copying AWS descriptions into requests without naming their members, so none is forgotten. */

/**
 * A deep copy of `source` without `keys` and without undefined members. It iterates over the members the
 * object actually has: a member AWS adds tomorrow is copied too, which a hand-written list would miss.
 */
export function copyWithout<T extends object, K extends string>(source: T, keys: readonly K[]): Omit<T, K> {
  const skip = new Set<string>(keys);
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (!skip.has(key) && value !== undefined) copy[key] = structuredClone(value);
  }
  // The entries are exactly T's minus K: the generic copy loses that fact, this restores it.
  return copy as Omit<T, K>;
}

/** SageMaker treats names case-insensitively (ARNs lowercase them), so references compare that way. */
export function sameName(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}
