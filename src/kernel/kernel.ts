import type { JsonValue } from '../core/json.js';
import { RunCancelledError } from '../core/errors/run-errors.js';
import { WardenError } from '../core/errors/warden-error.js';
import type { ModelToolSpec } from '../models/language-model.js';
import type { PolicyContext } from '../policy/policy.js';
import type { Tool } from '../tools/tool.js';
import type {
  AgentKernel,
  CallToolsOptions,
  CodeActionRequest,
  CodeActionResult,
  GenerateRequest,
  GenerateResult,
  PendingToolCall,
  PlanApprovalRequest,
  SpawnableAgent,
  SpawnOptions,
  SpawnResult,
  ToolCallResult,
} from './agent-kernel.js';
import { runCodeAction } from './code-action.js';
import { approvePlan } from './approve-plan.js';
import type { KernelContext, KernelSettings } from './kernel-context.js';
import { CallSignals } from './call-signals.js';
import { LoopGuard } from './loop-guard.js';
import { generate, type StepControl } from './model-call.js';
import { decideAndAccount } from './pipeline/decide-and-account.js';
import { asksHuman, awaitApproval } from './pipeline/approve.js';
import { RunState } from './run-state.js';
import { runChild, spawnAction } from './spawn.js';
import { SyscallScope } from './syscall-scope.js';
import { runToolBatch } from './tool-batch.js';

export type * from './agent-kernel.js';
export type { KernelSettings } from './kernel-context.js';

/**
 * One run's kernel: the wiring of the syscall pipelines (model calls, tool calls, spawns) over one shared
 * context. Scopes are views of it with their own id counter and RNG.
 */
export class Kernel implements AgentKernel, StepControl {
  readonly runId: string;
  readonly state: RunState;
  readonly toolSpecs: ModelToolSpec[];
  readonly toolNames: ReadonlySet<string>;
  readonly context: KernelContext;
  readonly #root: ScopedKernel;
  readonly #runtimeScopes: Record<string, ScopedKernel> = {};

  /** `state` carries a run's counters over from an earlier kernel of the same run (after narrowing). */
  constructor(
    readonly settings: KernelSettings,
    state: RunState = new RunState(settings.startedAt),
  ) {
    this.runId = settings.runId;
    this.state = state;
    const policyContext = (): PolicyContext => {
      const now = settings.clock.now();
      const context: PolicyContext = {
        runId: settings.runId,
        run: {
          step: state.steps,
          costUsd: state.costUsd,
          tokens: state.usage.totalTokens,
          elapsedMs: now - state.startedAt,
          agent: settings.agent,
        },
        history: settings.history,
        now,
      };
      if (settings.principal) context.principal = settings.principal;
      return context;
    };
    const visible = visibleTools(settings, policyContext);
    this.toolSpecs = visible.map((tool) => ({
      name: tool.name,
      description: tool.description,
      inputSchema: tool.inputSchema,
    }));
    this.toolNames = new Set(visible.map((tool) => tool.name));
    // Data properties only: a getter in an object literal gives every run's context a map of its own, which the
    // kernel's optimized code then keeps missing (and V8 keeps recompiling).
    this.context = {
      settings,
      state,
      tools: new Map(visible.map((tool) => [tool.name, tool])),
      loopGuard: new LoopGuard(),
      policyContext,
      toolSpecs: this.toolSpecs,
      toolSpecNames: Object.freeze(this.toolSpecs.map((tool) => tool.name)),
      callSignals: new CallSignals(settings.signal),
    };
    this.#root = new ScopedKernel(this, new SyscallScope(settings.runId));
  }

  generate(request: GenerateRequest): Promise<GenerateResult> {
    return this.#root.generate(request);
  }

  callTools(calls: readonly PendingToolCall[], options?: CallToolsOptions): Promise<ToolCallResult[]> {
    return this.#root.callTools(calls, options);
  }

  spawn(agent: SpawnableAgent, input: string, options?: SpawnOptions): Promise<SpawnResult> {
    return this.#root.spawn(agent, input, options);
  }

  runCode(request: CodeActionRequest): Promise<CodeActionResult> {
    return this.#root.runCode(request);
  }

  scope(name: string): AgentKernel {
    return this.#root.scope(name);
  }

  record(kind: string, data: JsonValue): void {
    this.#root.record(kind, data);
  }

  approvePlan(plan: PlanApprovalRequest): Promise<void> {
    return this.#root.approvePlan(plan);
  }

  now(): number {
    return this.#root.now();
  }

  random(): number {
    return this.#root.random();
  }

  /**
   * A model call the runtime makes for the run (task narrowing) with another model, through the same
   * pipeline, in a scope of its own so it never takes the strategy's syscall ids.
   */
  generateWith(
    model: Parameters<typeof generate>[4],
    request: GenerateRequest,
    scope = 'runtime',
  ): Promise<GenerateResult> {
    this.#runtimeScopes[scope] ??= new ScopedKernel(this, new SyscallScope(`${this.runId}/${scope}`));
    return this.#runtimeScopes[scope].generate(request, model);
  }

  beginStep(): void {
    this.state.manualSteps = true;
    this.openStep();
  }

  /** Closes the open step: emits `step-end` and starts writing the step to the store. */
  endStep(): void {
    const { state, settings } = this;
    if (!state.stepOpen) return;
    state.stepOpen = false;
    settings.journal.record({ type: 'step-end', step: state.stepNumber, usage: state.stepUsage });
    state.stepUsage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };
    settings.journal.flushSoon();
  }

  stepFor(act: boolean): number {
    const { state } = this;
    if (act) state.steps++;
    if (act && !state.manualSteps) this.openStep();
    else if (!state.stepOpen) this.openStep();
    return state.stepNumber;
  }

  private openStep(): void {
    const { state, settings } = this;
    this.endStep();
    state.stepNumber++;
    state.stepOpen = true;
    settings.journal.record({ type: 'step-start', step: state.stepNumber });
  }

  throwIfStopped(): void {
    if (this.settings.signal.aborted) throw this.settings.abortReason() ?? new RunCancelledError();
  }
}

/** The syscalls of one scope: the run's root, a search branch, a code action. */
class ScopedKernel implements AgentKernel {
  readonly runId: string;

  constructor(
    private readonly kernel: Kernel,
    private readonly syscalls: SyscallScope,
  ) {
    this.runId = kernel.runId;
  }

  get toolSpecs(): readonly ModelToolSpec[] {
    return this.kernel.toolSpecs;
  }

  get toolNames(): ReadonlySet<string> {
    return this.kernel.toolNames;
  }

  generate(request: GenerateRequest, model?: Parameters<typeof generate>[4]): Promise<GenerateResult> {
    this.kernel.throwIfStopped();
    return generate(this.kernel.context, this.syscalls, this.kernel, request, model);
  }

  callTools(calls: readonly PendingToolCall[], options: CallToolsOptions = {}): Promise<ToolCallResult[]> {
    this.kernel.throwIfStopped();
    const ids = calls.map(() => this.syscalls.next());
    return runToolBatch(this.kernel.context, calls, ids, options);
  }

  async spawn(agent: SpawnableAgent, input: string, options: SpawnOptions = {}): Promise<SpawnResult> {
    this.kernel.throwIfStopped();
    const k = this.kernel.context;
    const id = this.syscalls.next();
    const action = spawnAction(agent.name, agent, input, 'strategy');
    const { decision } = await decideAndAccount(k, action, id, 'strategy');
    if (asksHuman(decision)) {
      const refusal = await awaitApproval(
        k,
        { id, toolCallId: id, name: `agent:${agent.name}`, input: { input } },
        decision,
      );
      if (refusal) throw refusal;
    } else if (decision.decision === 'deny') {
      throw new WardenError({
        code: 'POLICY_DENIED',
        fault: 'policy',
        message: `Policy denied spawning agent "${agent.name}"${decision.ruleId ? ` (rule ${decision.ruleId})` : ''}: ${decision.reason ?? 'no rule allows it'}`,
        data: { ruleId: decision.ruleId },
      });
    }
    return runChild(k, id, agent.name, agent, input, options.budget);
  }

  runCode(request: CodeActionRequest): Promise<CodeActionResult> {
    this.kernel.throwIfStopped();
    const id = this.syscalls.next();
    const child = this.syscalls.child(`code-${id.slice(id.lastIndexOf(':') + 1)}`);
    return runCodeAction(this.kernel.context, id, new ScopedKernel(this.kernel, child), child.path, request);
  }

  beginStep(): void {
    this.kernel.beginStep();
  }

  approvePlan(plan: PlanApprovalRequest): Promise<void> {
    this.kernel.throwIfStopped();
    return approvePlan(this.kernel.context, this.syscalls.next(), plan);
  }

  scope(name: string): AgentKernel {
    return new ScopedKernel(this.kernel, this.syscalls.child(name));
  }

  record(kind: string, data: JsonValue): void {
    const { recorded, journal } = this.kernel.settings;
    const id = this.syscalls.next();
    if (!recorded.records.has(id)) journal.record({ type: 'strategy-record', syscallId: id, kind, data });
  }

  now(): number {
    const { recorded, journal, clock } = this.kernel.settings;
    const id = this.syscalls.next();
    const value = recorded.clock.get(id);
    if (value !== undefined) return value;
    const now = clock.now();
    journal.record({ type: 'clock-read', syscallId: id, value: now });
    return now;
  }

  random(): number {
    return this.syscalls.random();
  }
}

function visibleTools(settings: KernelSettings, policyContext: () => PolicyContext): Tool[] {
  const policy = settings.policy;
  if (!policy?.visibleTools) return [...settings.tools];
  let allowed: Set<string>;
  try {
    allowed = new Set(
      policy.visibleTools(
        settings.tools.map((tool) => tool.name),
        policyContext(),
      ),
    );
  } catch {
    // A policy that cannot say which tools exist shows none (fail closed); the run itself goes on.
    allowed = new Set();
  }
  return settings.tools.filter((tool) => allowed.has(tool.name));
}
