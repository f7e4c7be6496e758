//! Reading a Chromium trace of the page (Playwright's `browser.startTracing`)
//! for the typing benchmarks: the page's main thread and its tasks, what
//! each task did (its top-level steps: layout, paint, the intersections
//! `content-visibility` computes, a message...), and, where the trace holds
//! V8's CPU samples, whose code ran in it. Shared by bench/typing.mjs (the
//! figures, traced without samples) and bench/typing-profile.mjs (samples).

/** Trace categories for the timeline's tasks and steps. */
export const TIMELINE = ['devtools.timeline', 'disabled-by-default-devtools.timeline'];
/**
 * V8's sampling profiler in the trace, on the trace's clock. It slows the
 * page's scripts a lot (on this machine, 42 of 4,296 tasks over 16 ms
 * against 4 of 3,961 in the run after it), so figures are never taken with it.
 */
export const SAMPLES = 'disabled-by-default-v8.cpu_profiler';

/** The trace's events, and the ids ("pid:tid") of the page's main thread and its workers' threads. */
export function readTrace(buffer, pageUrl) {
  const trace = JSON.parse(buffer.toString('utf8'));
  const events = trace.traceEvents ?? trace;
  const started = events.find((e) => e.name === 'TracingStartedInBrowser');
  const frame = started?.args?.data?.frames?.find((f) => f.url === pageUrl) ?? started?.args?.data?.frames?.[0];
  const threads = (name) => new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === name
    && (!frame || e.pid === frame.processId)).map((e) => `${e.pid}:${e.tid}`));
  return { events, main: threads('CrRendererMain'), workers: threads('DedicatedWorker thread') };
}

/**
 * The tasks (`RunTask`) on `threads`, in time order, each with its `steps`
 * (the traced events inside it) and its `kind` (see kindOf); `isBench(step)`
 * marks the benchmark's own work.
 */
export function tasksOf(events, threads, isBench = () => false) {
  const on = events.filter((e) => e.ph === 'X' && threads.has(`${e.pid}:${e.tid}`)).sort((a, b) => a.ts - b.ts);
  const tasks = on.filter((e) => e.name === 'RunTask');
  for (const task of tasks) {
    task.steps = on.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur && e.tid === task.tid);
    task.kind = task.steps.some(isBench) ? 'bench' : kindOf(task.steps);
  }
  return { tasks, events: on };
}

/**
 * Steps only a frame has: a task with one of them drew a frame (with the
 * animation-frame callbacks it ran first, the editor's measuring among them).
 */
const FRAME_STEPS = new Set(['Commit', 'Layerize', 'PrePaint', 'Paint', 'IntersectionObserverController::computeIntersections']);

/**
 * What a task was doing, by its steps: the text box handling a key
 * ('key'), drawing a frame ('frame', with the animation-frame callbacks run
 * for it), or the page's scripts ('script': timers, messages).
 */
function kindOf(steps) {
  if (steps.some((e) => e.name === 'EventDispatch' && ['keydown', 'keypress', 'textInput', 'input', 'keyup'].includes(e.args?.data?.type))) return 'key';
  if (steps.some((e) => FRAME_STEPS.has(e.name))) return 'frame';
  if (steps.some((e) => ['TimerFire', 'HandlePostMessage', 'FunctionCall', 'FireAnimationFrame'].includes(e.name))) return 'script';
  return 'frame';
}

/** A step's name as printed: Chromium's, shortened where it is long. */
const stepName = (e) => (e.name === 'IntersectionObserverController::computeIntersections' ? 'computeIntersections'
  : `${e.name}${e.args?.data?.type ? ` ${e.args.data.type}` : ''}`);

/**
 * A task's steps that no other of its steps holds (steps nest), summed by
 * name (ms): what its time went to. A step as long as the task itself (with
 * more categories traced, `ThreadControllerImpl::RunTask`) only wraps it.
 */
export function topSteps(task) {
  const steps = task.steps.filter((e) => e.dur < task.dur * 0.98).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const sums = new Map();
  let until = -Infinity;
  for (const e of steps) {
    if (e.ts < until) continue; // inside the last top-level step
    until = e.ts + e.dur;
    sums.set(stepName(e), (sums.get(stepName(e)) ?? 0) + e.dur / 1000);
  }
  return sums;
}

/**
 * The CPU profile V8 traced for the thread `thread` ("pid:tid") as a
 * DevTools profile, `{ nodes, samples, timeDeltas, startTime }` (a node's
 * `parent`, not its children), or null when the trace has none.
 */
export function profileOf(events, thread) {
  const start = events.find((e) => e.name === 'Profile' && `${e.pid}:${e.tid}` === thread);
  if (!start) return null;
  const profile = { nodes: [], samples: [], timeDeltas: [], startTime: start.args.data.startTime };
  for (const chunk of events.filter((e) => e.name === 'ProfileChunk' && e.pid === start.pid && e.id === start.id)) {
    const { cpuProfile = {}, timeDeltas = [] } = chunk.args.data;
    profile.nodes.push(...(cpuProfile.nodes ?? []));
    profile.samples.push(...(cpuProfile.samples ?? []));
    profile.timeDeltas.push(...timeDeltas);
  }
  return profile;
}

/**
 * A profile's samples as `{ ts, who }`: who was running, as a reader of
 * this page's code wants it: the innermost of the page's own functions on
 * the stack ("render app.js:301"), else the editor's bundle (minified:
 * "codemirror.js"), else what V8 names the sample ("(program)": the
 * browser's own work, such as layout or intersections; "(garbage collector)").
 */
export function samplesOf(profile) {
  if (!profile) return [];
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const who = new Map();
  const whoOf = (id) => {
    if (who.has(id)) return who.get(id);
    let name = null;
    let editor = false;
    for (let node = nodes.get(id); node && !name; node = nodes.get(node.parent)) {
      const { functionName, url = '', lineNumber } = node.callFrame;
      if (url.includes('/www/js/')) name = `${functionName || '(anonymous)'} ${url.split('/').pop()}:${lineNumber + 1}`;
      else if (url.includes('/vendor/codemirror/')) editor = true;
    }
    name ??= editor ? 'codemirror.js' : nodes.get(id)?.callFrame.functionName || '(unknown)';
    who.set(id, name);
    return name;
  };
  let ts = profile.startTime;
  return profile.samples.map((id, i) => {
    ts += profile.timeDeltas[i];
    return { ts, who: whoOf(id) };
  });
}

/** The sampled time (ms) within `task`, by who (see samplesOf); a sample lasts until the next. */
export function sampledIn(task, samples) {
  const sums = new Map();
  const end = task.ts + task.dur;
  for (let i = samples.findIndex((s) => s.ts >= task.ts); i >= 0 && i < samples.length && samples[i].ts < end; i++) {
    const until = Math.min(end, samples[i + 1]?.ts ?? end);
    sums.set(samples[i].who, (sums.get(samples[i].who) ?? 0) + (until - samples[i].ts) / 1000);
  }
  return sums;
}

/** `sums` (name -> ms) as "name 1.2, name 0.8", largest first: those of at least `least` ms, at most `most`. */
export const listed = (sums, least = 0.5, most = 6) => [...sums].filter(([, d]) => d >= least).sort((a, b) => b[1] - a[1])
  .slice(0, most).map(([name, d]) => `${name} ${d.toFixed(1)}`).join(', ');

/** Adds `more` (name -> ms) into `sums`. */
export function addInto(sums, more) {
  for (const [name, d] of more) sums.set(name, (sums.get(name) ?? 0) + d);
}

/** Tasks from this long (ms) are described together: what the long ones are made of. */
export const LONG_TASK = 10;

/**
 * `tasks` of LONG_TASK ms or more, together: how many, by kind, and their
 * time by top-level step and (with `samples`) by whose code ran.
 */
export function longTasks(tasks, samples = []) {
  const long = { count: 0, kinds: new Map(), steps: new Map(), sampled: new Map() };
  for (const t of tasks.filter((task) => task.dur >= LONG_TASK * 1000)) {
    long.count += 1;
    long.kinds.set(t.kind, (long.kinds.get(t.kind) ?? 0) + 1);
    addInto(long.steps, topSteps(t));
    addInto(long.sampled, sampledIn(t, samples));
  }
  return long;
}

/** One task, for a reader: its length, kind, top-level steps and (with `samples`) whose code ran. */
export function describeTask(t, samples = []) {
  const sampled = sampledIn(t, samples);
  return `${(t.dur / 1000).toFixed(1)} ms ${t.kind} (${listed(topSteps(t)) || 'no traced step over 0.5 ms'}${sampled.size ? `; sampled: ${listed(sampled)}` : ''})`;
}
