// Filtering and mapping for the rules' and the AI's hot paths, giving arrays V8 always lays out alike.
//
// Why not Array.prototype.filter and map: the arrays those builtins return take the layout of what
// they hold ("elements kind": none yet, small integers, other values), so one call site meets an empty
// result one turn and a full one the next, and V8 throws away the optimised code of the function that
// reads them ("wrong map") and compiles it again — the AI's largest functions two to four times each,
// some 50 ms of CPU a time (scripts/jit-cost.sh). An array literal pushed into here is allocated from
// one site that V8 remembers in its most general layout, so every result, empty or not, is the same.

/** The items of `xs` that pass `test`, in order (as `xs.filter(test)`). */
export function kept<T>(xs: readonly T[], test: (x: T, i: number) => boolean): T[] {
  const out: T[] = [];
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    if (test(x, i)) out.push(x);
  }
  return out;
}

/** `f` of every item of `xs`, in order (as `xs.map(f)`). */
export function mapped<T, U>(xs: readonly T[], f: (x: T, i: number) => U): U[] {
  const out: U[] = [];
  for (let i = 0; i < xs.length; i++) out.push(f(xs[i]!, i));
  return out;
}
