/** "Did you mean" hints: the closest known name to a misspelt one, by bounded edit distance. */

/** Longest name a "did you mean" hint is looked for: the edit distance costs the product of the lengths. */
const MAX_HINT_NAME_LENGTH = 100;

/** The closest known name to `wanted`, for "did you mean" hints. */
export function closestName(wanted: string, names: Iterable<string>): string | null {
  if (wanted.length > MAX_HINT_NAME_LENGTH) return null;
  const limit = Math.max(3, wanted.length / 3);
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const name of names) {
    // Only a name within the limit can be returned, and only a strictly closer one replaces the best so far, so
    // the distance is computed only up to that cap (it is at least the difference in length): a hint costs
    // little even among a million ids.
    const cap = Math.min(Math.floor(limit), bestDistance - 1);
    if (Math.abs(name.length - wanted.length) > cap) continue;
    const distance = editDistance(wanted, name, cap);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = name;
    }
  }
  return best !== null && bestDistance <= limit ? best : null;
}

/** Levenshtein distance of `a` and `b`, or `cap + 1` as soon as it is known to exceed `cap`. */
function editDistance(a: string, b: string, cap = Number.POSITIVE_INFINITY): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      const distance = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
      current.push(distance);
      if (distance < rowMinimum) rowMinimum = distance;
    }
    // Every later row's minimum is at least this one's, and the distance is in the last row.
    if (rowMinimum > cap) return cap + 1;
    previous = current;
  }
  return previous[b.length] ?? 0;
}
