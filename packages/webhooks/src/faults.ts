// What is wrong with a payload, in a few short sentences. A payload can break its schema in
// 450,000 places (an `ids` array of numbers): the faults are grouped by field, counted and cut,
// so an answer stays small and quick to build whatever arrives.
import { dottedPath, faultOf, telling } from '@zapi-kit/shared';
import type { ValidationError } from './generated/validators.js';

/** Faults of one field, or of every item of an array field (`ids.*`). */
export interface FieldFault {
  /** Dotted path: `ids.3`, `image.width`, or `ids.*` when several items share the fault. */
  field: string;
  /** What is wrong, in the wording every zapi-kit tool uses: `must be string, not number`, `is missing`. */
  problem: string;
  count: number;
}

/** Groups shown before the rest is only counted. */
export const MAX_FAULT_GROUPS = 10;
/** Longest user value echoed in a message; longer ones are cut with their length. */
const MAX_ECHO = 80;

const ARRAY_INDEX = /\/\d+(?=\/|$)/g;

/** A user value, short enough to quote: long strings are cut and their length given. */
export function echo(value: string): string {
  if (value.length <= MAX_ECHO) return JSON.stringify(value);
  return `${JSON.stringify(value.slice(0, MAX_ECHO))}… (${value.length} characters)`;
}

/**
 * The validator's faults grouped by field (array items together) and problem, in order of first
 * appearance. Linear in the number of faults, with a constant cost per fault.
 */
export function groupFaults(errors: readonly ValidationError[] | null | undefined, payload?: unknown): FieldFault[] {
  const groups = new Map<string, FieldFault>();
  for (const e of telling(errors)) {
    const { pointer, problem } = faultOf(e, payload);
    const pattern = pointer.replace(ARRAY_INDEX, '/*');
    const key = `${pattern}\u0000${problem}`;
    const group = groups.get(key);
    if (group) {
      group.count++;
      if (group.count === 2) group.field = dottedPath(pattern);
    } else {
      groups.set(key, { field: dottedPath(pointer), problem, count: 1 });
    }
  }
  return [...groups.values()];
}

/** `field "ids.*" must be string (450000 times)`. */
export function sentence(fault: FieldFault): string {
  const where = fault.field ? `field ${echo(fault.field)}` : 'payload';
  return `${where} ${fault.problem}${fault.count > 1 ? ` (${fault.count} times)` : ''}`;
}

/** `and 12 more faults in 3 more fields: "a", "b", "c"`: what is left after the groups shown. */
export function remainder(rest: readonly FieldFault[]): string {
  const fields = rest.slice(0, MAX_FAULT_GROUPS).map((f) => echo(f.field));
  const more = rest.length > MAX_FAULT_GROUPS ? ', ...' : '';
  return `and ${rest.reduce((n, f) => n + f.count, 0)} more faults in ${rest.length} more fields: ${fields.join(', ')}${more}`;
}

/** Said when the validator stopped collecting: the counts are lower bounds. */
export const stoppedCounting = (limit: number) => `counting stopped at ${limit} faults`;

/** The first groups as sentences, then how many faults the rest hold, and whether counting stopped. */
export function summarize(faults: readonly FieldFault[], limitReached?: number): string {
  const shown = faults.slice(0, MAX_FAULT_GROUPS).map(sentence);
  if (faults.length > MAX_FAULT_GROUPS) shown.push(remainder(faults.slice(MAX_FAULT_GROUPS)));
  if (limitReached) shown.push(stoppedCounting(limitReached));
  return shown.join('; ');
}

/** A list of names, cut after `max` with the count of the rest. */
export function listCut(names: readonly string[], max = MAX_FAULT_GROUPS): string {
  const shown = names.slice(0, max).map((n) => (n.length > MAX_ECHO ? echo(n) : n));
  return names.length > max ? `${shown.join(', ')} and ${names.length - max} more` : shown.join(', ');
}
