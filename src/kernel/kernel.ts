import type { Clock } from '../core/clock.js';
import { RunCancelledError } from '../core/errors/run-errors.js';
import { describeError, type WardenError } from '../core/errors/warden-error.js';
import type { FinishReason, ToolCallRepair } from '../core/events.js';
import { seededRandom, seedFrom, syscallId } from '../core/ids.js';
import type { Message, TextPart, ToolCallPart } from '../core/messages.js';
import type { Usage } from '../core/usage.js';
import { collectStream } from '../models/collect-stream.js';
import type {
  LanguageModel,
  ModelRequest,
  ModelResponse,
  ModelToolSpec,
  ToolChoice,
} from '../models/language-model.js';
import { costOf, type ModelPrice } from '../models/pricing.js';
import type { Policy, PolicyContext, PolicyCounters } from '../policy/policy.js';
import type { Principal, Tool } from '../tools/tool.js';
import { type Budget, exceededBudget } from './budget.js';
import type { Journal } from './journal.js';
import type { LoopGuardOptions } from './loop-guard.js';
import type { RecordedSyscalls } from './replay.js';
import { RunState } from './run-state.js';
import type { Scheduler } from './scheduler.js';
import type { SpawnChild } from './agent-tool.js';
import { ToolCaller } from './tool-caller.js';

/** Everything a kernel needs for one run; the runtime builds it. */
export interface KernelSettings {
  runId: string;
  agent: string;
  model: LanguageModel;
  modelName: string;
  tools: readonly Tool[];
  policy: Policy | undefined;
  journal: Journal;
  recorded: RecordedSyscalls;
  budget: Budget;
  clock: Clock;
  /** Aborted on cancel or when the time budget runs out. */
  signal: AbortSignal;
  /** Why `signal` was aborted: a budget or a cancel. */
  abortReason: () => WardenError;
  principal?: Principal;
  price?: ModelPrice;
  loopGuard: LoopGuardOptions | false;
  maxParallelTools: number;
  scheduler: Scheduler;
  /** Use `doStream` and emit `text-delta` events. */
  stream: boolean;
  startedAt: number;
  modelDefaults: Pick<ModelRequest, 'temperature' | 'topP' | 'maxOutputTokens' | 'seed' | 'stopSequences'>;
  spawnChild: SpawnChild;
  counters?: PolicyCounters;
}

/** What one model call gave back, ready for a strategy. */
export interface GenerateResult {
  text: string;
  /** The model's tool calls: parsed input when its arguments were JSON, else the raw arguments. */
  toolCalls: PendingToolCall[];
  finishReason: FinishReason;
  usage: Usage;
}

/** A tool call a strategy wants made: raw arguments from the model, or an input it built itself. */
export interface PendingToolCall {
  toolCallId: string;
  toolName: string;
  arguments?: string;
  input?: unknown;
  repair?: ToolCallRepair;
}

/** The outcome of one tool call as the model will read it. */
export interface ToolCallResult {
  toolCallId: string;
  toolName: string;
  input: unknown;
  output: unknown;
  isError: boolean;
  /** Information-flow labels the result carries (e.g. `untrusted`). */
  labels: string[];
}

/**
 * The syscall interface strategies program against. Every effect on the world and
 * every model call goes through it, so each is authorized, scheduled, budgeted and journaled.
 */
export interface AgentKernel {
  readonly runId: string;
  readonly toolSpecs: readonly ModelToolSpec[];
  readonly toolNames: ReadonlySet<string>;
  generate(request: {
    messages: Message[];
    toolChoice?: ToolChoice;
    responseFormat?: ModelRequest['responseFormat'];
    tools?: false;
  }): Promise<GenerateResult>;
  callTools(calls: readonly PendingToolCall[]): Promise<ToolCallResult[]>;
  /** Journaled time: the same on replay. */
  now(): number;
  /** Seeded by the run id: the same sequence on replay. */
  random(): number;
}

/** One run's kernel. */
export class Kernel implements AgentKernel {
  readonly runId: string;
  readonly state: RunState;
  readonly toolSpecs: ModelToolSpec[];
  readonly toolNames: ReadonlySet<string>;
  readonly random: () => number;
  private readonly tools: ToolCaller;

  constructor(private readonly settings: KernelSettings) {
    this.runId = settings.runId;
    this.state = new RunState(settings.startedAt);
    this.random = seededRandom(seedFrom(settings.runId));
    const visible = this.visibleTools(settings.tools);
    this.toolSpecs = visible.map((tool) => ({
      name: tool.name,
      description: tool.description,
      inputSchema: tool.inputSchema,
    }));
    this.toolNames = new Set(visible.map((tool) => tool.name));
    this.tools = new ToolCaller(
      settings,
      this.state,
      visible,
      () => this.policyContext(),
      () => this.nextSyscall(),
    );
  }

  now(): number {
    return this.settings.clock.now();
  }

  async generate(request: Parameters<AgentKernel['generate']>[0]): Promise<GenerateResult> {
    const { settings, state } = this;
    this.throwIfStopped();
    const over = exceededBudget(settings.budget, state.spent(this.now()), true);
    if (over) throw over;
    const id = this.nextSyscall();
    const recorded = settings.recorded.models.get(id);
    if (recorded) {
      state.steps++;
      this.state.account(recorded.usage, recorded.costUsd);
      return this.toResult(recorded.content, recorded.finishReason, recorded.usage);
    }
    const journal = settings.journal;
    this.endStep();
    state.steps++;
    state.stepOpen = true;
    journal.record({ type: 'step-start', step: state.steps });
    const tools = request.tools === false ? [] : this.toolSpecs;
    journal.record({
      type: 'model-request',
      syscallId: id,
      step: state.steps,
      model: settings.modelName,
      messageCount: request.messages.length,
      tools: tools.map((tool) => tool.name),
    });
    const modelRequest: ModelRequest = {
      ...settings.modelDefaults,
      messages: request.messages,
      abortSignal: settings.signal,
    };
    if (tools.length > 0) modelRequest.tools = tools;
    if (request.toolChoice) modelRequest.toolChoice = request.toolChoice;
    if (request.responseFormat) modelRequest.responseFormat = request.responseFormat;

    const started = this.now();
    let response: ModelResponse;
    try {
      response = await settings.scheduler.run(() => this.callModel(modelRequest, id), {
        key: settings.model.provider,
        signal: settings.signal,
      });
    } catch (error) {
      if (settings.signal.aborted) throw settings.abortReason();
      journal.record({
        type: 'model-error',
        syscallId: id,
        step: state.steps,
        error: describeError(error),
        attempt: 1,
        willRetry: false,
      });
      throw error;
    }
    const costUsd = costOf(response.usage, settings.price);
    const content = response.content.map(toContentPart);
    const event = journal.record({
      type: 'model-response',
      syscallId: id,
      step: state.steps,
      content,
      finishReason: response.finishReason,
      usage: response.usage,
      costUsd,
      durationMs: this.now() - started,
      ...(response.response?.id !== undefined && { responseId: response.response.id }),
    });
    this.state.account(response.usage, costUsd);
    const after = exceededBudget(settings.budget, state.spent(this.now()), false);
    if (after) throw after;
    return this.toResult(event.content, response.finishReason, response.usage);
  }

  callTools(calls: readonly PendingToolCall[]): Promise<ToolCallResult[]> {
    this.throwIfStopped();
    return this.tools.callAll(calls);
  }

  /** Closes the open step: emits `step-end` and starts writing the step to the store. */
  endStep(): void {
    if (!this.state.stepOpen) return;
    this.state.stepOpen = false;
    this.settings.journal.record({ type: 'step-end', step: this.state.steps, usage: this.state.stepUsage });
    this.state.stepUsage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };
    this.settings.journal.flushSoon();
  }

  policyContext(): PolicyContext {
    const { settings, state } = this;
    const now = this.now();
    const context: PolicyContext = {
      runId: settings.runId,
      run: {
        step: state.steps,
        costUsd: state.costUsd,
        tokens: state.usage.totalTokens,
        elapsedMs: now - state.startedAt,
        agent: settings.agent,
      },
      history: state.history,
      now,
    };
    if (settings.principal) context.principal = settings.principal;
    if (settings.counters) context.counters = settings.counters;
    return context;
  }

  private async callModel(request: ModelRequest, id: string): Promise<ModelResponse> {
    const { model, journal } = this.settings;
    if (!this.settings.stream) return model.doGenerate(request);
    return collectStream(await model.doStream(request), (part) => {
      if (part.type === 'text-delta') journal.record({ type: 'text-delta', syscallId: id, delta: part.delta });
    });
  }

  private toResult(content: Array<TextPart | ToolCallPart>, finishReason: FinishReason, usage: Usage): GenerateResult {
    let text = '';
    const toolCalls: PendingToolCall[] = [];
    for (const part of content) {
      if (part.type === 'text') text += part.text;
      else {
        // Parsed once in toContentPart; a string is arguments that were not JSON, left for the repair step.
        const { toolCallId, toolName, input } = part;
        toolCalls.push(
          typeof input === 'string' ? { toolCallId, toolName, arguments: input } : { toolCallId, toolName, input },
        );
      }
    }
    if (text.trim()) this.state.lastText = text;
    return { text, toolCalls, finishReason, usage };
  }

  private visibleTools(tools: readonly Tool[]): Tool[] {
    const policy = this.settings.policy;
    if (!policy?.visibleTools) return [...tools];
    const allowed = new Set(
      policy.visibleTools(
        tools.map((tool) => tool.name),
        this.policyContext(),
      ),
    );
    return tools.filter((tool) => allowed.has(tool.name));
  }

  private nextSyscall(): string {
    return syscallId(this.settings.runId, this.state.syscalls++);
  }

  private throwIfStopped(): void {
    if (this.settings.signal.aborted) {
      const reason = this.settings.abortReason();
      throw reason ?? new RunCancelledError();
    }
  }
}

/** Model tool calls keep their raw arguments when they are not JSON, so replay sees exactly what the model sent. */
function toContentPart(part: ModelResponse['content'][number]): TextPart | ToolCallPart {
  if (part.type === 'text') return part;
  let input: unknown = part.arguments;
  try {
    input = part.arguments.trim() === '' ? {} : JSON.parse(part.arguments);
  } catch {
    // kept raw: parsed (and repaired) when the tool is called
  }
  return { type: 'tool-call', toolCallId: part.toolCallId, toolName: part.toolName, input };
}
