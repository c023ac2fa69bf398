// "Did you mean": the edit distance every suggestion of zapi-kit is made with (unknown paths in the
// mock, unknown commands, options and event names in the CLIs).

/** Levenshtein distance of `a` and `b`, or `max + 1` as soon as it is known to exceed `max`. */
export function editDistance(a: string, b: string, max: number): number {
  // The distance is at least the difference in length: most candidates stop here.
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (row[j]! < rowMin) rowMin = row[j]!;
    }
    if (rowMin > max) return max + 1; // every later row is at least this
    prev = row;
  }
  return prev[b.length]!;
}

// Words typed on a command line are short: a name longer than this is no typo of any of them.
const MAX_TYPO_INPUT = 200;

/**
 * The candidate a mistyped word most likely meant, ignoring case, or undefined when none is close:
 * within 2 edits (a swapped pair such as `prot` for `port` costs 2), or a third of the word's length
 * for long names (`ReceivedCallback.txt` for `ReceivedCallback.text`), and never the whole word
 * (`-x` is no typo of `--to`). The first of equals wins.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  if (word.length > MAX_TYPO_INPUT) return undefined;
  const wanted = word.toLowerCase();
  let worst = Math.min(wanted.length - 1, Math.max(2, Math.floor(wanted.length / 3)));
  let best: string | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(wanted, candidate.toLowerCase(), worst);
    if (distance <= worst) {
      best = candidate;
      worst = distance - 1;
      if (worst < 0) break;
    }
  }
  return best;
}
