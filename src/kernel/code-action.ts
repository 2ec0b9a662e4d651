import { RunCancelledError } from '../core/errors/run-errors.js';
import type { CodeEndEvent } from '../core/events.js';
import type { SandboxResult, SandboxToolBridge } from '../sandbox/sandbox.js';
import type { AgentKernel, ToolCallResult } from './agent-kernel.js';
import type { CodeActionError, CodeActionRequest, CodeActionResult } from './code-action-types.js';
import { fingerprintOf } from './fingerprint.js';
import type { KernelContext } from './kernel-context.js';
import { verifyReplay } from './replay.js';

export type * from './code-action-types.js';

/** The largest guest stack trace kept in an observation. */
const STACK_CHARS = 1200;

/**
 * A code action as a syscall: `code-start` (with a fingerprint of the language, code and tools), the code run in
 * the sandbox with every tool call made through `scope.callTools` (origin `code`: decided, journaled, labelled,
 * replayed), a seeded RNG and the journaled clock of a scope of its own, then `code-end` with what the model reads.
 *
 * On resume, an action whose `code-end` is in the log is not run again: its tool calls are replayed through the
 * kernel (so the policy's history is as it was) and the recorded observation is returned. One begun but not ended
 * runs again; the tool calls it made before the crash return their recorded results, so no side effect repeats.
 * A stop of the run (cancel, budget, halt, a human's approval needed) kills the guest and is rethrown; the action
 * then has no `code-end` and runs again on resume.
 */
export async function runCodeAction(
  k: KernelContext,
  id: string,
  scope: AgentKernel,
  scopePath: string,
  request: CodeActionRequest,
): Promise<CodeActionResult> {
  const { sandbox, code } = request;
  const language = sandbox.language;
  const tools = (request.tools ?? [...scope.toolNames]).filter((name) => scope.toolNames.has(name));
  const fingerprint = fingerprintOf('code', language, { code, tools });
  const { recorded, journal } = k.settings;
  const started = recorded.codeStarts.get(id);
  if (started) {
    verifyReplay(
      id,
      { subject: `code:${started.language}`, fingerprint: started.fingerprint },
      { subject: `code:${language}`, fingerprint },
    );
    const ended = recorded.codeEnds.get(id);
    if (ended) return replayEnded(k, scope, `${scopePath}:`, ended, language);
  } else {
    journal.record({ type: 'code-start', syscallId: id, language, code, tools, fingerprint });
  }

  const labels = new Set<string>();
  const controller = new AbortController();
  let stop: { error: unknown } | undefined;
  const halt = (error: unknown) => {
    stop ??= { error };
    controller.abort(error);
  };
  const onRunAbort = () => halt(k.settings.abortReason() ?? new RunCancelledError());
  if (k.settings.signal.aborted) onRunAbort();
  else k.settings.signal.addEventListener('abort', onRunAbort, { once: true });

  let calls = 0;
  const inFlight = new Set<Promise<unknown>>();
  const bridge: SandboxToolBridge = {
    names: tools,
    call(name, input) {
      const call = callThroughKernel(name, input);
      inFlight.add(call);
      void call.then(
        () => inFlight.delete(call),
        () => inFlight.delete(call),
      );
      return call;
    },
  };
  // The guest's calls are decided in the order it makes them, each once the one before it is decided or done (as a
  // batch's are), so a call that halts or asks stops the action before a later one can start.
  let decidedBefore: Promise<void> = Promise.resolve();
  const callThroughKernel = async (name: string, input: unknown): Promise<unknown> => {
    const n = calls++;
    const turn = decidedBefore;
    let decided!: () => void;
    decidedBefore = new Promise((resolve) => {
      decided = resolve;
    });
    let result: ToolCallResult;
    try {
      await turn;
      [result] = (await scope.callTools([{ toolCallId: `${id}/${n}`, toolName: name, input }], {
        origin: 'code',
        signal: controller.signal,
        onDecided: decided,
      })) as [ToolCallResult];
    } catch (error) {
      // The run stopped (halt, approval, cancel, budget): the guest dies with it.
      halt(error);
      throw error;
    } finally {
      decided();
    }
    for (const label of result.labels) labels.add(label);
    if (result.isError) {
      throw Object.assign(new Error(String(result.output)), { code: result.errorCode ?? 'TOOL_FAILED' });
    }
    return result.output;
  };
  const clock = scope.scope('clock');
  let outcome: SandboxResult;
  try {
    outcome = await sandbox.execute(code, {
      tools: bridge,
      seed: id,
      clock: {
        now: () => {
          const now = clock.now();
          journal.flushSoon();
          return now;
        },
      },
      signal: controller.signal,
      ...(request.limits && { limits: request.limits }),
    });
    // Calls the guest left running when it ended are syscalls too: their results are journaled before code-end.
    await Promise.allSettled(inFlight);
  } finally {
    k.settings.signal.removeEventListener('abort', onRunAbort);
  }
  if (stop) throw stop.error;

  const error = outcome.error ? errorOf(outcome.error, language, code.split('\n').length) : undefined;
  const end: Omit<CodeEndEvent, 'runId' | 'seq' | 'time'> = {
    type: 'code-end',
    syscallId: id,
    stdout: outcome.stdout,
    ...(outcome.logs && { logs: outcome.logs }),
    ...(outcome.value !== undefined && { value: outcome.value }),
    ...(error && { error }),
    ...(outcome.truncated && { truncated: true }),
    toolCalls: outcome.toolCalls,
    ...(labels.size > 0 && { labels: [...labels] }),
    durationMs: Math.round(outcome.durationMs),
  };
  journal.record(end);
  journal.flushSoon();
  return resultOf(end, language, false);
}

/** An ended action on resume: its tool calls re-enter the history from the log, in order; nothing runs. */
async function replayEnded(
  k: KernelContext,
  scope: AgentKernel,
  prefix: string,
  ended: CodeEndEvent,
  language: string,
): Promise<CodeActionResult> {
  const calls = [...k.settings.recorded.toolCalls.values()]
    .filter((call) => call.syscallId.startsWith(prefix) && /^\d+$/.test(call.syscallId.slice(prefix.length)))
    .sort((a, b) => Number(a.syscallId.slice(prefix.length)) - Number(b.syscallId.slice(prefix.length)));
  for (const call of calls) {
    await scope.callTools([{ toolCallId: call.toolCallId, toolName: call.toolName, input: call.input }], {
      origin: 'code',
    });
  }
  return resultOf(ended, language, true);
}

function resultOf(end: Omit<CodeEndEvent, 'runId' | 'seq' | 'time'>, language: string, replayed: boolean) {
  return {
    syscallId: end.syscallId,
    language,
    stdout: end.stdout,
    logs: end.logs ?? '',
    value: end.value,
    error: end.error,
    truncated: end.truncated ?? false,
    toolCalls: end.toolCalls,
    labels: end.labels ?? [],
    replayed,
  } satisfies CodeActionResult;
}

function errorOf(error: NonNullable<SandboxResult['error']>, language: string, codeLines: number): CodeActionError {
  const data = (error.data ?? {}) as { guestName?: string; guestStack?: string; toolErrorCode?: string };
  return {
    code: error.code,
    message: error.message,
    ...(data.toolErrorCode && { toolErrorCode: data.toolErrorCode }),
    ...(data.guestName && { guestName: data.guestName }),
    ...(data.guestStack &&
      trimStack(data.guestStack, language, codeLines) && {
        guestStack: trimStack(data.guestStack, language, codeLines),
      }),
  };
}

/**
 * Keeps the guest's own frames, at most `STACK_CHARS` characters. For JavaScript, QuickJS's `action.js:L:C` (the
 * code sits one line into Warden's wrapper) becomes `line L-1:C`, and the wrapper's and prelude's frames go.
 */
export function trimStack(stack: string, language = 'javascript', codeLines = Number.POSITIVE_INFINITY): string {
  const lines: string[] = [];
  for (const line of stack.split('\n')) {
    if (line.trim() === '' || /warden-prelude|<eval>|node:internal/.test(line)) continue;
    if (language !== 'javascript') {
      lines.push(line);
      continue;
    }
    const at = /action\.js:(\d+)(?::(\d+))?/.exec(line);
    if (!at) continue;
    const own = Number(at[1]) - 1;
    if (own < 1 || own > codeLines) continue;
    lines.push(line.replace(at[0], `line ${own}${at[2] ? `:${at[2]}` : ''}`));
  }
  const text = lines.join('\n');
  return text.length > STACK_CHARS ? `${text.slice(0, STACK_CHARS)}\n… (stack trimmed)` : text;
}
