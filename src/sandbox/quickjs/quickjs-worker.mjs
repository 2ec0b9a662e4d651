// The QuickJS worker: plain JavaScript so it loads the same from src/ (tsx, vitest) and dist/ (node).
// It runs one execution at a time in a fresh QuickJS runtime and context; the host decides when to kill it.
import { parentPort, workerData } from 'node:worker_threads';
import { classifyHandle, memoryStop } from './quickjs-thrown.mjs';

const { newQuickJSWASMModuleFromVariant, newVariant } = await import(workerData.coreUrl);
const baseVariant = (await import(workerData.variantUrl)).default;
// The host compiles the WebAssembly once and hands every worker the compiled module.
// A hard cap on the worker's WebAssembly memory: an allocation QuickJS does not count fails here instead of growing
// towards 2 GiB. The per-execution limit is QuickJS's own plus the watch in the interrupt handler.
const memoryCap = new WebAssembly.Memory({ initial: 256, maximum: Math.ceil(workerData.memoryCapBytes / 65536) });
const variant = newVariant(baseVariant, {
  wasmMemory: memoryCap,
  ...(workerData.wasmModule ? { wasmModule: workerData.wasmModule } : {}),
});
const QuickJS = await newQuickJSWASMModuleFromVariant(variant);
// QuickJS's own limit misses some allocations (array growth), so the interrupt handler also watches the
// WebAssembly memory itself. It never shrinks: the host retires a worker after a memory stop.
const wasmMemory = QuickJS.getWasmMemory();

// Runs before the guest's code, in the guest. It captures the host functions in a closure and removes them
// from the global object, seeds Math.random, replaces Date with the host-given clock and defines tools/console.
// Each tool refusal it throws is first shown to the host (`refused`), which alone decides a toolErrorCode.
const PRELUDE = `(function (print, call, time, refused, names, seed) {
  'use strict';
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const RealError = Error;
  const toText = String;
  const defineProperty = Object.defineProperty;
  delete globalThis.__wardenPrint; delete globalThis.__wardenCall; delete globalThis.__wardenTime;
  delete globalThis.__wardenRefused;
  const refusal = (message, code) => {
    const error = new RealError(message);
    defineProperty(error, 'code', { value: code, writable: true, enumerable: true, configurable: true });
    refused(error, code);
    return error;
  };
  let state = seed >>> 0;
  const random = function random() {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  Object.defineProperty(Math, 'random', { value: random, writable: false, configurable: false });
  const RealDate = Date;
  const WardenDate = function Date(...args) {
    if (new.target === undefined) return new RealDate(time()).toString();
    return args.length === 0 ? new RealDate(time()) : new RealDate(...args);
  };
  WardenDate.prototype = RealDate.prototype;
  WardenDate.now = function now() { return time(); };
  WardenDate.parse = RealDate.parse;
  WardenDate.UTC = RealDate.UTC;
  Object.defineProperty(RealDate.prototype, 'constructor', { value: WardenDate, writable: false, configurable: false });
  Object.defineProperty(globalThis, 'Date', { value: WardenDate, writable: false, configurable: false });
  const show = (value) => {
    if (typeof value === 'string') return value;
    if (value instanceof Error) return value.stack ? value.name + ': ' + value.message + '\\n' + value.stack : String(value);
    try { const json = JSON.stringify(value); return json === undefined ? String(value) : json; } catch { return String(value); }
  };
  const line = (level) => function (...args) { print(level, args.map(show).join(' ') + '\\n'); };
  const consoleObject = { log: line(0), info: line(0), debug: line(0), warn: line(1), error: line(1) };
  Object.defineProperty(globalThis, 'console', { value: Object.freeze(consoleObject), writable: false, configurable: false });
  const allowed = new Set(names);
  const callTool = async function callTool(name, input) {
    name = toText(name);
    if (!allowed.has(name)) {
      throw refusal('There is no tool "' + name + '" here. Tools you can call: ' + (names.join(', ') || 'none') + '.', 'TOOL_NOT_FOUND');
    }
    const json = stringify(input === undefined ? null : input);
    if (typeof json !== 'string') throw new TypeError('A tool input must be JSON.');
    const reply = parse(await call(name, json));
    if (reply.ok) return reply.value;
    throw refusal(toText(reply.error.message), toText(reply.error.code));
  };
  const toolsObject = Object.create(null);
  for (const name of names) toolsObject[name] = (input) => callTool(name, input);
  Object.defineProperty(globalThis, 'tools', { value: Object.freeze(toolsObject), writable: false, configurable: false });
  Object.defineProperty(globalThis, 'callTool', { value: callTool, writable: false, configurable: false });
})(__wardenPrint, __wardenCall, __wardenTime, __wardenRefused, __wardenNames, __wardenSeed);`;

const pendingResults = new Map();
let waitingForResult;
// The execution running now: a tool result of an earlier one (its guest ended with calls still out) is dropped,
// never handed to this one's call of the same number.
let currentId;

parentPort.on('message', (message) => {
  if (message.type === 'execute') {
    currentId = message.id;
    // Results of the last execution that arrived after it ended are not this one's.
    pendingResults.clear();
    void execute(message).then((done) => parentPort.postMessage(done));
  } else if (message.type === 'tool-result') {
    if (message.id !== currentId) return;
    pendingResults.set(message.callId, message);
    waitingForResult?.();
  }
});
parentPort.postMessage({ type: 'ready' });

async function execute({ id, code, names, seed, now, deadline, limits }) {
  const stdout = [];
  const logs = [];
  const sizes = [0, 0];
  let guestNow = now;
  let callCount = 0;
  let outstanding = 0;
  let recycle = false;
  const deferreds = new Map();
  // The refusal errors the prelude threw into the guest, each with the code the host gave it.
  const refusals = [];
  const runtime = QuickJS.newRuntime();
  runtime.setMemoryLimit(limits.memoryBytes);
  runtime.setMaxStackSize(limits.stackBytes);
  const ceiling = wasmMemory.buffer.byteLength + limits.memoryBytes;
  let memoryExceeded = false;
  runtime.setInterruptHandler(() => {
    if (wasmMemory.buffer.byteLength > ceiling) memoryExceeded = true;
    return memoryExceeded || Date.now() >= deadline;
  });
  const context = runtime.newContext();
  let fields;
  try {
    fields = await run();
  } catch (error) {
    recycle = true;
    const message = error instanceof Error ? error.message : String(error);
    fields = /out of memory|\bOOM\b|memory access out of bounds|Cannot enlarge memory/i.test(message)
      ? { error: memoryStop(limits) }
      : { error: { code: 'SANDBOX_CRASHED', message: `The JavaScript sandbox failed: ${message}`, data: {} } };
  } finally {
    pendingResults.clear();
    try {
      for (const deferred of deferreds.values()) deferred.dispose();
      for (const refusal of refusals) refusal.handle.dispose();
      context.dispose();
      runtime.dispose();
    } catch {
      recycle = true;
    }
  }
  // Memory never shrinks: a worker that grew past half its cap is replaced.
  if (wasmMemory.buffer.byteLength > workerData.memoryCapBytes / 2) recycle = true;
  return { type: 'done', id, stdout: stdout.join(''), logs: logs.join(''), toolCalls: callCount, recycle, ...fields };

  async function run() {
    const done = (result) => result;
    const print = context.newFunction('print', (levelHandle, textHandle) => {
      const level = context.getNumber(levelHandle) === 1 ? 1 : 0;
      const text = context.getString(textHandle);
      // Keep a little over the limit so the host can tell truncation happened; the host cuts exactly.
      if (sizes[level] <= limits.maxOutputBytes) (level === 1 ? logs : stdout).push(text);
      sizes[level] += text.length;
    });
    const call = context.newFunction('call', (nameHandle, inputHandle) => {
      const callId = callCount++;
      const deferred = context.newPromise();
      deferreds.set(callId, deferred);
      outstanding++;
      parentPort.postMessage({
        type: 'tool-call',
        id,
        callId,
        name: context.getString(nameHandle),
        input: context.getString(inputHandle),
      });
      return deferred.handle;
    });
    const time = context.newFunction('time', () => context.newNumber(guestNow));
    const refused = context.newFunction('refused', (errorHandle, codeHandle) => {
      refusals.push({ handle: errorHandle.dup(), code: context.getString(codeHandle) });
    });
    const thrown = (handle) => classifyHandle(context, handle, { deadline, limits, memoryExceeded, refusals });
    context.setProp(context.global, '__wardenPrint', print);
    context.setProp(context.global, '__wardenCall', call);
    context.setProp(context.global, '__wardenTime', time);
    context.setProp(context.global, '__wardenRefused', refused);
    const namesHandle = context.unwrapResult(context.evalCode(JSON.stringify(names)));
    context.setProp(context.global, '__wardenNames', namesHandle);
    const seedHandle = context.newNumber(seed);
    context.setProp(context.global, '__wardenSeed', seedHandle);
    for (const handle of [print, call, time, refused, namesHandle, seedHandle]) handle.dispose();
    context.unwrapResult(context.evalCode(PRELUDE, 'warden-prelude.js')).dispose();
    for (const name of ['__wardenNames', '__wardenSeed'])
      context.unwrapResult(context.evalCode(`delete globalThis.${name}`)).dispose();

    const wrapped = `(async () => { const value = await (async () => {\n${code}\n})(); return value === undefined ? undefined : JSON.stringify(value); })()`;
    const evaluated = context.evalCode(wrapped, 'action.js');
    if (evaluated.error) return done({ error: thrown(evaluated.error) });
    const promise = evaluated.value;
    try {
      for (;;) {
        const jobs = runtime.executePendingJobs();
        if (jobs.error) return done({ error: thrown(jobs.error) });
        const state = context.getPromiseState(promise);
        if (state.type === 'fulfilled') {
          const value = state.value;
          const json = context.typeof(value) === 'string' ? context.getString(value) : undefined;
          value.dispose();
          return done({ value: json });
        }
        if (state.type === 'rejected') return done({ error: thrown(state.error) });
        if (runtime.hasPendingJob()) continue;
        if (outstanding === 0) {
          if (Date.now() >= deadline) return done({ error: { code: 'SANDBOX_TIMEOUT', message: '', data: {} } });
          return done({
            error: {
              code: 'SANDBOX_GUEST_ERROR',
              message:
                'The code awaited a promise that can never settle (there are no timers here). Await only tool calls.',
              data: {},
            },
          });
        }
        const result = await nextResult();
        outstanding--;
        guestNow = result.now;
        const deferred = deferreds.get(result.callId);
        deferreds.delete(result.callId);
        const reply = context.newString(result.reply);
        deferred.resolve(reply);
        reply.dispose();
        deferred.dispose();
      }
    } finally {
      promise.dispose();
    }
  }
}

function nextResult() {
  return new Promise((resolve) => {
    const check = () => {
      const first = pendingResults.values().next();
      if (first.done) {
        waitingForResult = check;
        return;
      }
      waitingForResult = undefined;
      pendingResults.delete(first.value.callId);
      resolve(first.value);
    };
    check();
  });
}
