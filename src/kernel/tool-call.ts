import { ToolNotFoundError } from '../core/errors/tool-errors.js';
import { WardenError } from '../core/errors/warden-error.js';
import type { ToolErrorEvent, ToolResultEvent } from '../core/events.js';
import type { Action, Decision } from '../policy/policy.js';
import { checkArgumentValue, parseArguments } from '../tools/parse-arguments.js';
import { validateToolInput } from '../tools/run-tool.js';
import type { Tool } from '../tools/tool.js';
import { agentToolMarker, isAgentTool } from './agent-tool.js';
import type { PendingToolCall, SyscallOrigin, ToolCallResult } from './agent-kernel.js';
import { RunHaltedError } from './control-flow.js';
import { fingerprintOf } from './fingerprint.js';
import type { KernelContext } from './kernel-context.js';
import { completeEntry, enterHistory } from './pipeline/account.js';
import { asksHuman, awaitApproval } from './pipeline/approve.js';
import { decideAndAccount } from './pipeline/decide-and-account.js';
import { executeTool } from './pipeline/execute-tool.js';
import { journalIntent, safeToRepeat, type ToolIntent } from './pipeline/journal-intent.js';
import { errorResult, journalError, journalResult, type OutcomeOf } from './pipeline/journal-result.js';
import { labelResult } from './pipeline/label.js';
import { guardLoop } from './pipeline/guard-loop.js';
import { resolveInDoubt } from './pipeline/in-doubt.js';
import { verifyKind, verifyReplay } from './replay.js';
import { restoreEndedChild } from './restore-child.js';
import { runAgentTool, spawnAction } from './spawn.js';
import { SyscallScope } from './syscall-scope.js';
import { pausedInCall } from './tool-host/paused-in-call.js';

/** Options of one tool syscall. */
export interface ToolCallOptions {
  origin: SyscallOrigin;
  exploration?: boolean;
  /** Called once the call is decided and about to run: a batch starts its next call only then (tool-batch.ts). */
  onDecided?: () => void;
  /** Aborted when the caller stopped: a call decided after that does not start (see `CallToolsOptions.signal`). */
  signal?: AbortSignal;
}

/**
 * One tool syscall, as a pipeline: replay → prepare (parse, validate) → loop guard → decide → account →
 * (ask | fallback) → journal intent → execute → label → journal result. Every origin (the model, a
 * fallback's substitute, code, a plan) takes this path; only `callTool` calls the stages.
 */
export async function callTool(
  k: KernelContext,
  call: PendingToolCall,
  id: string,
  options: ToolCallOptions,
): Promise<ToolCallResult> {
  const tool = k.tools.get(call.toolName);
  const parsed = call.arguments === undefined ? checkArgumentValue(call.input) : parseArguments(call.arguments);
  const input = parsed.ok ? parsed.input : call.arguments;
  const intent: ToolIntent = {
    id,
    toolCallId: call.toolCallId,
    toolName: call.toolName,
    input,
    tool,
    fingerprint: fingerprintOf('tool', call.toolName, input),
    origin: options.origin,
    ...(options.exploration && { exploration: true }),
  };
  const repair = call.repair ?? (parsed.ok ? parsed.repair : undefined);
  if (repair) intent.repair = repair;
  const outcome: OutcomeOf = { id, toolCallId: call.toolCallId, toolName: call.toolName, input };

  const recordedIntent = k.settings.recorded.toolCalls.get(id);
  if (!recordedIntent) verifyKind(k.settings.recorded, id, 'tool');
  else {
    verifyReplay(
      id,
      { subject: recordedIntent.toolName, fingerprint: recordedIntent.fingerprint },
      { subject: call.toolName, fingerprint: intent.fingerprint },
    );
  }
  const done = k.settings.recorded.toolOutcomes.get(id);
  if (done) return replayed(k, outcome, tool, done, options.origin);

  const refuse = (error: WardenError) => {
    journalIntent(k, intent);
    return journalError(k, outcome, error);
  };
  if (!tool) return refuse(new ToolNotFoundError(call.toolName, [...k.tools.keys()]));
  if (!parsed.ok) {
    return refuse(
      new WardenError({
        code: 'TOOL_INPUT_INVALID',
        fault: 'model',
        message: `Invalid arguments for tool "${tool.name}": ${parsed.message}`,
      }),
    );
  }
  const valid = validateToolInput(tool, input);
  if (!valid.ok) return refuse(valid.error);

  guardLoop(k, tool.name, valid.value);
  const action = actionFor(tool, valid.value, call.toolCallId, options.origin);
  // decide and account run in one synchronous stretch (or in the run's decision queue, for shared limits):
  // the next call of the batch sees this one.
  const decided = decideAndAccount(k, action, id, options.origin);
  const { entry, decision: verdict } = decided instanceof Promise ? await decided : decided;
  let decision = verdict;
  outcome.entry = entry;

  if (asksHuman(decision)) {
    const refusal = await awaitApproval(
      k,
      { id, toolCallId: call.toolCallId, name: tool.name, input: valid.value },
      decision,
    );
    if (refusal) return refuse(refusal);
    decision = { ...decision, decision: 'allow' };
    entry.decision = 'allow';
  } else if (decision.decision === 'deny') {
    return denied(k, intent, outcome, tool, decision);
  }

  // A call paused for what its server asked (tool-host/) did not crash: it is re-issued, not in doubt.
  if (recordedIntent && !isAgentTool(tool) && !pausedInCall(k, id)) {
    const doubt = await resolveInDoubt(k, tool, { id, toolCallId: call.toolCallId, input: valid.value });
    if (doubt) return journalError(k, outcome, doubt);
  }
  // Decided after its caller stopped (a late shared-limit decision): it does not start; a resume reuses the decision.
  if (options.signal?.aborted) throw options.signal.reason;
  options.onDecided?.();
  journalIntent(k, intent);
  const sideEffect = !safeToRepeat(tool);
  // The intent is durable before the side effect starts; the call waits on this commit, so it is not grouped.
  if (sideEffect) await k.settings.journal.flush(undefined, { now: true });
  const result = await execute(k, outcome, tool, valid.value, action);
  // A side effect's result is written at once (not with the next step), so the window in which a crash
  // leaves it "in doubt" is one store write long; the strategy does not wait for it.
  if (sideEffect) k.settings.journal.flushNow();
  return result;
}

async function execute(
  k: KernelContext,
  outcome: OutcomeOf,
  tool: Tool,
  input: unknown,
  action: Action,
): Promise<ToolCallResult> {
  const { clock } = k.settings;
  const started = clock.now();
  if (isAgentTool(tool)) {
    const child = await runAgentTool(k, tool, input as { input: string }, outcome.id);
    const durationMs = clock.now() - started;
    if (!child.ok) {
      // The model reads the child's partial output in the error: it stays labelled with what the child read.
      const result = journalError(k, { ...outcome, entry: undefined }, child.error, durationMs);
      if (outcome.entry) {
        completeEntry(k, outcome.entry, { output: child.error.message, failed: true, labels: child.labels });
      }
      return { ...result, labels: child.labels };
    }
    return journalResult(k, outcome, child.output, child.labels, durationMs);
  }
  const result = await executeTool(k, tool, input, outcome.toolCallId, outcome.id);
  const durationMs = clock.now() - started;
  if (!result.ok) return journalError(k, outcome, result.error, durationMs);
  const labels = action.kind === 'tool' ? labelResult(k, tool, action, result.output) : [];
  for (const label of result.labels ?? []) if (!labels.includes(label)) labels.push(label);
  return journalResult(k, outcome, result.output, labels, durationMs);
}

/** A denied call: its fallback decides what the model reads, or stops the run. */
async function denied(
  k: KernelContext,
  intent: ToolIntent,
  outcome: OutcomeOf,
  tool: Tool,
  decision: Decision,
): Promise<ToolCallResult> {
  journalIntent(k, intent);
  const reason = decision.reason ?? 'no rule allows it';
  const fallback = decision.fallback;
  if (fallback?.kind === 'halt') {
    journalError(k, outcome, deniedError(tool.name, decision, reason));
    throw new RunHaltedError(
      `Policy halted the run at "${tool.name}"${decision.ruleId ? ` (rule ${decision.ruleId})` : ''}: ${fallback.message ?? reason}`,
      { ruleId: decision.ruleId },
    );
  }
  if (fallback?.kind === 'substitute' && intent.origin !== 'substitute') {
    // The substitute is a syscall of its own: decided, accounted and journaled like any other call.
    const substituteId = SyscallScope.derived(intent.id, 's');
    const result = await callTool(
      k,
      { toolCallId: intent.toolCallId, toolName: fallback.tool, input: fallback.args },
      substituteId,
      { origin: 'substitute' },
    );
    if (!result.isError) return journalResult(k, outcome, result.output, result.labels, 0, substituteId);
    return journalError(k, outcome, {
      code: result.errorCode ?? 'POLICY_DENIED',
      message: `Policy denied this call: ${reason} Its substitute "${fallback.tool}" failed too: ${String(result.output)}`,
    });
  }
  const message =
    fallback?.kind === 'respond' && fallback.message ? fallback.message : `Policy denied this call: ${reason}`;
  return journalError(k, outcome, { code: 'POLICY_DENIED', message });
}

/**
 * A call whose outcome is in the log: it returns the recorded result and re-enters the history as it was. For an
 * agent tool, what its ended child did is put back too (restore-child.ts), between the spawn's entry and its result.
 */
async function replayed(
  k: KernelContext,
  outcome: OutcomeOf,
  tool: Tool | undefined,
  done: ToolResultEvent | ToolErrorEvent,
  origin: SyscallOrigin,
): Promise<ToolCallResult> {
  const recordedIntent = k.settings.recorded.toolCalls.get(done.syscallId);
  const input = recordedIntent?.input ?? outcome.input;
  const action: Action = tool
    ? actionFor(tool, input, outcome.toolCallId, origin)
    : {
        kind: 'tool',
        tool: outcome.toolName,
        source: recordedIntent?.source ?? 'local',
        args: input,
        toolCallId: outcome.toolCallId,
      };
  const call = { ...outcome, input };
  if (done.type === 'tool-result') {
    const labels = done.labels ?? [];
    if (done.substitutedBy !== undefined) {
      enterHistory(k, action, 'deny');
      const substitute = k.settings.recorded.toolOutcomes.get(done.substitutedBy);
      const substituteIntent = k.settings.recorded.toolCalls.get(done.substitutedBy);
      if (substitute && substituteIntent) {
        const target = k.tools.get(substituteIntent.toolName);
        replayed(
          k,
          {
            id: done.substitutedBy,
            toolCallId: outcome.toolCallId,
            toolName: substituteIntent.toolName,
            input: substituteIntent.input,
          },
          target,
          substitute,
          'substitute',
        );
      }
    } else {
      const entry = enterHistory(k, action, 'allow');
      await restoreChildOf(k, tool, done.syscallId);
      completeEntry(k, entry, { output: done.output, labels });
    }
    for (const label of labels) k.state.labelsSeen.add(label);
    return { toolCallId: call.toolCallId, toolName: call.toolName, input, output: done.output, isError: false, labels };
  }
  const deniedByPolicy = done.error.code === 'POLICY_DENIED' || done.error.code === 'APPROVAL_DENIED';
  const entry = enterHistory(k, action, deniedByPolicy ? 'deny' : 'allow');
  await restoreChildOf(k, tool, done.syscallId);
  if (!deniedByPolicy) completeEntry(k, entry, { failed: true });
  return errorResult(call, done.error);
}

/** An agent tool's child that ran: its calls, spending and labels are put back, as the live call left them. */
async function restoreChildOf(k: KernelContext, tool: Tool | undefined, id: string): Promise<void> {
  const spawn = tool && isAgentTool(tool) ? k.settings.recorded.spawns.get(id) : undefined;
  if (!spawn) return;
  const child = await restoreEndedChild(k, spawn);
  if (child) k.state.account(child.usage, child.costUsd);
}

/** The action the policy sees for a tool call: a tool action, or a spawn for an agent tool. */
function actionFor(tool: Tool, input: unknown, toolCallId: string, origin: SyscallOrigin): Action {
  if (isAgentTool(tool)) {
    const spec = tool[agentToolMarker];
    return spawnAction(
      spec.agentName,
      spec.agent,
      String((input as { input?: unknown }).input ?? ''),
      origin,
      tool.name,
    );
  }
  return {
    kind: 'tool',
    tool: tool.name,
    source: tool.source ?? 'local',
    args: input,
    toolCallId,
    ...(tool.readOnly !== undefined && { readOnly: tool.readOnly }),
    ...(origin !== 'model' && { origin }),
  };
}

function deniedError(toolName: string, decision: Decision, reason: string): WardenError {
  return new WardenError({
    code: 'POLICY_DENIED',
    fault: 'policy',
    message: `Policy denied "${toolName}"${decision.ruleId ? ` (rule ${decision.ruleId})` : ''}: ${reason}`,
  });
}
