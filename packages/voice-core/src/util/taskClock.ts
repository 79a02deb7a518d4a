/**
 * The current task, as the engine's message path sees it: a task ends when its microtasks
 * run. One microtask a task, shared by everything here, marks the end.
 *
 * What it is for: a speaking bot's words arrive in bursts, many in one task, and each word
 * used to read the wall clock (to stamp the transcript, to compare the session's deadlines);
 * a read costs more than everything else one word does (50–65 ns on the machines the
 * benchmarks ran on). Within one task no timer can run and the clock moves by a fraction of
 * a millisecond, so reading it once loses nothing a session measures (its deadlines are in
 * seconds).
 */
let epoch = 0;
let open = false;
let time: number | null = null;

const close = () => {
  open = false;
  time = null;
  epoch += 1;
};

/** A number that changes once the current task's microtasks have run. */
function currentTask(): number {
  if (!open) {
    open = true;
    queueMicrotask(close);
  }
  return epoch;
}

/** `Date.now()`, read once per task: later reads in the same task get the same value. */
export function taskNow(): number {
  currentTask();
  // Read through `Date` each time (not a captured function), so fake clocks apply.
  time ??= Date.now();
  return time;
}

/**
 * A predicate true on its first call in each task and false on the later ones in the same
 * task. One per caller: `const firstInTask = oncePerTask()`.
 */
export function oncePerTask(): () => boolean {
  let last = -1;
  return () => {
    const task = currentTask();
    if (task === last) return false;
    last = task;
    return true;
  };
}
