// What the guest threw, as the sandbox error the host reports. Plain JavaScript beside the worker that imports it.
// A memory stop is told only by QuickJS's own signs (its "out of memory" InternalError, the worker's watch on the
// WebAssembly memory); whatever else the guest threw, null, a number or a symbol included, is SANDBOX_GUEST_ERROR.
// A toolErrorCode is taken only from the worker's own record of the tool refusals it handed the guest.

/** The memory stop, the same whatever led to it. */
export function memoryStop(limits) {
  return { code: 'SANDBOX_MEMORY', message: '', data: {}, limit: 'memoryBytes', limitValue: limits.memoryBytes };
}

/**
 * Classifies a thrown (or rejected) value and disposes its handle. `refusals` holds `{ handle, code }` for each
 * refusal error the prelude made: the value is a tool refusal only if it is one of those very objects.
 */
export function classifyHandle(context, handle, { deadline, limits, memoryExceeded, refusals }) {
  let thrown;
  let toolErrorCode;
  try {
    thrown = readThrown(context, handle);
    if (thrown.kind === 'object') toolErrorCode = refusals.find((refusal) => context.eq(refusal.handle, handle))?.code;
  } finally {
    handle.dispose();
  }
  return classify(thrown, { deadline, limits, memoryExceeded, toolErrorCode });
}

/** The thrown value as plain data: `primitive` (dumped), `object` (dumped) or `unreadable` (dumping it threw). */
function readThrown(context, handle) {
  const type = context.typeof(handle);
  if (type === 'symbol' || type === 'bigint') return { kind: 'primitive', text: `a ${type}` };
  let dumped;
  try {
    dumped = context.dump(handle);
  } catch {
    return { kind: 'unreadable' };
  }
  if (dumped === null || (type !== 'object' && type !== 'function')) {
    return { kind: 'primitive', text: typeof dumped === 'string' ? dumped : safeString(dumped), dumped };
  }
  return { kind: 'object', dumped };
}

function classify(thrown, { deadline, limits, memoryExceeded, toolErrorCode }) {
  if (memoryExceeded) return memoryStop(limits);
  // Past the deadline every error is the interrupt's doing, whatever QuickJS calls it (inside a promise job it
  // can surface as a TypeError).
  if (Date.now() >= deadline) return { code: 'SANDBOX_TIMEOUT', message: '', data: {}, limit: 'timeoutMs' };
  if (thrown.kind === 'unreadable') {
    return guestError('The code threw a value that cannot be read (its properties throw). Throw an Error.', {});
  }
  if (thrown.kind === 'primitive') {
    const text = typeof thrown.dumped === 'string' ? thrown.text : `The code threw ${thrown.text}, not an Error.`;
    return guestError(text, {});
  }
  const dumped = thrown.dumped;
  const name = typeof dumped?.name === 'string' ? dumped.name : undefined;
  const message = typeof dumped?.message === 'string' ? dumped.message : undefined;
  if (name === 'InternalError' && message === 'out of memory') return memoryStop(limits);
  const stack = trimStack(dumped?.stack);
  return guestError(`${name ? `${name}: ` : ''}${message ?? safeString(dumped)}`, {
    ...(name ? { guestName: name } : {}),
    ...(stack ? { guestStack: stack } : {}),
    ...(toolErrorCode ? { toolErrorCode } : {}),
  });
}

function guestError(message, data) {
  return { code: 'SANDBOX_GUEST_ERROR', message: message.slice(0, 2000), data };
}

function trimStack(stack) {
  if (typeof stack !== 'string' || stack === '') return undefined;
  return stack.split('\n').slice(0, 20).join('\n').slice(0, 4000);
}

function safeString(value) {
  try {
    return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    return String(value);
  }
}
