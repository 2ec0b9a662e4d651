import { ToolNotFoundError } from '../core/errors/tool-errors.js';
import { WardenError } from '../core/errors/warden-error.js';
import type { ErrorInfo } from '../core/events.js';
import { callHash } from '../policy/call-hash.js';
import { historyIndexOf } from '../policy/history-index.js';
import type { Action, Decision, HistoryEntry, PolicyContext } from '../policy/policy.js';
import { parseArguments } from '../tools/parse-arguments.js';
import { runTool, validateToolInput } from '../tools/run-tool.js';
import type { Tool } from '../tools/tool.js';
import { agentToolMarker, isAgentTool, runAgentTool } from './agent-tool.js';
import { RunHaltedError, RunSuspendedError } from './control-flow.js';
import type { KernelSettings, PendingToolCall, ToolCallResult } from './kernel.js';
import { LoopGuard } from './loop-guard.js';
import type { RunState } from './run-state.js';

type Settled =
  | { ok: true; input: unknown; output: unknown; labels: string[] }
  | { ok: false; input: unknown; error: ErrorInfo };

/** Makes tool calls as syscalls: parse, validate, authorize, journal the intent, execute, journal the result. */
export class ToolCaller {
  private readonly byName: Map<string, Tool>;
  private readonly loopGuard = new LoopGuard();
  private readonly hasPolicy: boolean;

  constructor(
    private readonly settings: KernelSettings,
    private readonly state: RunState,
    tools: readonly Tool[],
    private readonly policyContext: () => PolicyContext,
    private readonly nextSyscall: () => string,
  ) {
    this.byName = new Map(tools.map((tool) => [tool.name, tool]));
    this.hasPolicy = settings.policy !== undefined;
  }

  async callAll(calls: readonly PendingToolCall[]): Promise<ToolCallResult[]> {
    const ids = calls.map(() => this.nextSyscall());
    const limit = Math.max(1, this.settings.maxParallelTools);
    if (calls.length === 1 || limit === 1) {
      const results: ToolCallResult[] = [];
      for (const [i, call] of calls.entries()) results.push(await this.callOne(call, ids[i]!));
      return results;
    }
    const results: ToolCallResult[] = new Array(calls.length);
    let next = 0;
    const worker = async () => {
      while (next < calls.length) {
        const i = next++;
        results[i] = await this.callOne(calls[i]!, ids[i]!);
      }
    };
    await Promise.all(Array.from({ length: Math.min(limit, calls.length) }, worker));
    return results;
  }

  private async callOne(call: PendingToolCall, id: string): Promise<ToolCallResult> {
    const settled = await this.settle(call, id);
    const base = { toolCallId: call.toolCallId, toolName: call.toolName, input: settled.input };
    return settled.ok
      ? { ...base, output: settled.output, isError: false, labels: settled.labels }
      : { ...base, output: settled.error.message, isError: true, labels: [] };
  }

  private async settle(call: PendingToolCall, id: string): Promise<Settled> {
    const { recorded, journal } = this.settings;
    const done = recorded.toolOutcomes.get(id);
    if (done) return this.replayed(call, done);

    const tool = this.byName.get(call.toolName);
    const parsed =
      call.arguments === undefined ? { ok: true as const, input: call.input } : parseArguments(call.arguments);
    const input = parsed.ok ? parsed.input : call.arguments;
    const intent = recorded.toolCalls.get(id);
    const recordIntent = () => {
      if (intent) return;
      const repair = call.repair ?? (parsed.ok ? parsed.repair : undefined);
      journal.record({
        type: 'tool-call',
        syscallId: id,
        toolCallId: call.toolCallId,
        toolName: call.toolName,
        input,
        source: tool?.source ?? 'unknown',
        ...(repair && { repair }),
      });
    };
    const reject = (error: WardenError) => {
      recordIntent();
      return this.fail(call, id, input, error);
    };
    if (!tool) return reject(new ToolNotFoundError(call.toolName, [...this.byName.keys()]));
    if (!parsed.ok) {
      return reject(
        new WardenError({
          code: 'TOOL_INPUT_INVALID',
          fault: 'model',
          message: `Invalid arguments for tool "${tool.name}": ${parsed.message}`,
        }),
      );
    }
    const valid = validateToolInput(tool, input);
    if (!valid.ok) return reject(valid.error);

    this.guardLoop(tool.name, valid.value);
    const action: Action = isAgentTool(tool)
      ? {
          kind: 'spawn',
          agent: tool[agentToolMarker].agentName,
          tools: [],
          input: String((valid.value as { input: string }).input),
        }
      : {
          kind: 'tool',
          tool: tool.name,
          source: tool.source ?? 'local',
          args: valid.value,
          toolCallId: call.toolCallId,
          ...(tool.readOnly !== undefined && { readOnly: tool.readOnly }),
        };
    const verdict = await this.authorize(action, id, call, tool, valid.value, recordIntent);
    if (verdict) return verdict;

    // The intent is journaled only once the call is authorized: an intent without an outcome
    // then means the call may have run, so it is repeated only when that is safe.
    const safeToRepeat = tool.readOnly === true || tool.idempotent === true || isAgentTool(tool);
    if (intent && !safeToRepeat) {
      return this.fail(
        call,
        id,
        input,
        new WardenError({
          code: 'TOOL_IN_DOUBT',
          fault: 'system',
          message: `The run stopped while "${tool.name}" was running, so it is unknown whether it took effect. Check the current state before calling it again.`,
        }),
      );
    }
    recordIntent();
    if (!safeToRepeat) await journal.flush();
    return this.execute(call, id, tool, valid.value, action);
  }

  /** Returns a settled failure when the policy stops the call; undefined when it may run. */
  private async authorize(
    action: Action,
    id: string,
    call: PendingToolCall,
    tool: Tool,
    input: unknown,
    recordIntent: () => void,
  ): Promise<Settled | undefined> {
    const policy = this.settings.policy;
    if (!policy) return undefined;
    const started = process.hrtime.bigint();
    let decision: Decision;
    try {
      decision = policy.decide(action, this.policyContext());
    } catch (error) {
      decision = { decision: 'deny', reason: `the policy could not decide: ${(error as Error).message}` };
    }
    const durationUs = Number(process.hrtime.bigint() - started) / 1000;
    const fallback =
      decision.decision === 'deny' ? (decision.fallback ?? { kind: 'respond' as const, message: '' }) : undefined;
    this.settings.journal.record({
      type: 'policy-decision',
      syscallId: id,
      action: action.kind === 'tool' ? action.tool : action.kind,
      decision: decision.decision,
      ...(decision.ruleId !== undefined && { ruleId: decision.ruleId }),
      ...(decision.reason !== undefined && { reason: decision.reason }),
      ...(fallback && { fallback: fallback.kind }),
      durationUs,
    });
    if (decision.decision === 'allow') return undefined;
    if (decision.decision === 'ask' || fallback?.kind === 'ask')
      return this.approval(id, call, tool, input, decision, recordIntent);
    this.remember(action, 'deny', undefined, false);
    recordIntent();
    const reason = decision.reason ?? 'no rule allows it';
    if (fallback?.kind === 'halt') {
      await this.fail(call, id, input, denied(tool.name, decision, reason));
      throw new RunHaltedError(
        `Policy halted the run at "${tool.name}"${decision.ruleId ? ` (rule ${decision.ruleId})` : ''}: ${fallback.message ?? reason}`,
        { ruleId: decision.ruleId },
      );
    }
    if (fallback?.kind === 'substitute') {
      const substitute = this.byName.get(fallback.tool);
      if (substitute) {
        const checked = validateToolInput(substitute, fallback.args);
        if (checked.ok)
          return this.execute(call, id, substitute, checked.value, {
            kind: 'tool',
            tool: substitute.name,
            source: substitute.source ?? 'local',
            args: checked.value,
            toolCallId: call.toolCallId,
          });
      }
    }
    const message =
      fallback?.kind === 'respond' && fallback.message ? fallback.message : `Policy denied this call: ${reason}`;
    return this.fail(
      call,
      id,
      input,
      new WardenError({ code: 'POLICY_DENIED', fault: 'policy', message, data: { ruleId: decision.ruleId } }),
    );
  }

  private async approval(
    id: string,
    call: PendingToolCall,
    tool: Tool,
    input: unknown,
    decision: Decision,
    recordIntent: () => void,
  ): Promise<Settled | undefined> {
    const { recorded, journal, runId } = this.settings;
    const hash = callHash(tool.name, input);
    const request = recorded.approvalRequests.get(id);
    const approvalId = request?.approvalId ?? `apv_${runId}_${id.slice(id.lastIndexOf(':') + 1)}`;
    const answer = recorded.approvals.get(approvalId);
    if (answer && request) {
      if (answer.approved && request.callHash === hash) return undefined;
      recordIntent();
      const why = answer.approved
        ? 'the call differs from the one that was approved'
        : `a human denied it${answer.reason ? `: ${answer.reason}` : ''}`;
      return this.fail(
        call,
        id,
        input,
        new WardenError({ code: 'APPROVAL_DENIED', fault: 'policy', message: `Not run: ${why}.` }),
      );
    }
    if (!request) {
      journal.record({
        type: 'tool-approval-request',
        syscallId: id,
        approvalId,
        toolCallId: call.toolCallId,
        toolName: tool.name,
        input,
        callHash: hash,
        ...(decision.ruleId !== undefined && { ruleId: decision.ruleId }),
        ...(decision.reason !== undefined && { reason: decision.reason }),
      });
    }
    await journal.flush();
    throw new RunSuspendedError(approvalId);
  }

  private async execute(
    call: PendingToolCall,
    id: string,
    tool: Tool,
    input: unknown,
    action: Action,
  ): Promise<Settled> {
    const started = this.settings.clock.now();
    const outcome = isAgentTool(tool)
      ? await runAgentTool(this.settings, this.state, tool, input as { input: string }, id)
      : await runTool(tool, input, this.toolContext(call));
    const durationMs = this.settings.clock.now() - started;
    if (!outcome.ok) return this.fail(call, id, input, outcome.error, durationMs, action);
    const labels = this.labelsFor(tool, action, outcome.output);
    this.settings.journal.record({
      type: 'tool-result',
      syscallId: id,
      toolCallId: call.toolCallId,
      toolName: tool.name,
      output: outcome.output,
      durationMs,
      ...(labels.length > 0 && { labels }),
    });
    this.remember(action, 'allow', outcome.output, false, labels);
    return { ok: true, input, output: outcome.output, labels };
  }

  private async fail(
    call: PendingToolCall,
    id: string,
    input: unknown,
    error: WardenError,
    durationMs = 0,
    action?: Action,
  ): Promise<Settled> {
    this.settings.journal.record({
      type: 'tool-error',
      syscallId: id,
      toolCallId: call.toolCallId,
      toolName: call.toolName,
      error: { code: error.code, message: error.message },
      durationMs,
    });
    if (action) this.remember(action, 'allow', undefined, true);
    return { ok: false, input, error: { code: error.code, message: error.message } };
  }

  private replayed(call: PendingToolCall, done: { type: 'tool-result' | 'tool-error' } & Record<string, any>): Settled {
    const intent = this.settings.recorded.toolCalls.get(done.syscallId);
    const input = intent?.input ?? call.input;
    const action: Action = {
      kind: 'tool',
      tool: call.toolName,
      source: intent?.source ?? 'local',
      args: input,
      toolCallId: call.toolCallId,
    };
    if (done.type === 'tool-result') {
      const labels: string[] = done.labels ?? [];
      this.remember(action, 'allow', done.output, false, labels);
      return { ok: true, input, output: done.output, labels };
    }
    this.remember(action, done.error.code === 'POLICY_DENIED' ? 'deny' : 'allow', undefined, true);
    return { ok: false, input, error: done.error };
  }

  private guardLoop(toolName: string, input: unknown): void {
    const options = this.settings.loopGuard;
    if (options === false) return;
    const repeats = options.repeats ?? 3;
    const streak = this.loopGuard.observe(toolName, input);
    // Once per streak: a loop that goes on is the same loop.
    if (streak !== repeats) return;
    const action = options.action ?? 'warn';
    this.settings.journal.record({ type: 'loop-detected', toolName, repeats: streak, action });
    if (action === 'stop') {
      throw new RunHaltedError(
        `The loop guard stopped the run: "${toolName}" was called ${streak} times in a row with the same arguments.`,
        { toolName, repeats: streak },
      );
    }
  }

  private labelsFor(tool: Tool, action: Action, output: unknown): string[] {
    const labels = new Set(tool.labels ?? []);
    const policy = this.settings.policy;
    if (policy?.labelResult && action.kind === 'tool') {
      for (const label of policy.labelResult(action, output, this.policyContext())) labels.add(label);
    }
    return [...labels];
  }

  private remember(
    action: Action,
    decision: Decision['decision'],
    output: unknown,
    failed: boolean,
    labels: string[] = [],
  ): void {
    if (!this.hasPolicy) return;
    const entry: HistoryEntry = { action, decision, labels, time: this.settings.clock.now() };
    if (output !== undefined) entry.output = output;
    if (failed) entry.failed = true;
    this.state.history.push(entry);
    // Index the result for flow rules now, on the tool's path, so a decision only looks things up.
    historyIndexOf(this.state.history);
  }

  private toolContext(call: PendingToolCall) {
    const { settings } = this;
    return {
      runId: settings.runId,
      toolCallId: call.toolCallId,
      abortSignal: settings.signal,
      ...(settings.principal && { principal: settings.principal }),
    };
  }
}

function denied(toolName: string, decision: Decision, reason: string): WardenError {
  return new WardenError({
    code: 'POLICY_DENIED',
    fault: 'policy',
    message: `Policy denied "${toolName}"${decision.ruleId ? ` (rule ${decision.ruleId})` : ''}: ${reason}`,
  });
}
