import { BudgetExceededError } from '../../core/errors/run-errors.js';
import { addUsage, emptyUsage, type Usage } from '../../core/usage.js';
import type {
  AgentKernel,
  CallToolsOptions,
  CodeActionResult,
  GenerateChoice,
  GenerateRequest,
  GenerateResult,
  PendingToolCall,
  SpawnableAgent,
  SpawnResult,
  ToolCallResult,
} from '../../kernel/agent-kernel.js';
import type { LanguageModel } from '../../models/language-model.js';
import { hashString, seededRandom } from './planning-domain.js';
import type { PlanningEnvironment } from './planning-environment.js';

/** What the in-memory kernel counted. */
export interface KernelCounters {
  /** Model calls: a call with n choices counts once. */
  modelCalls: number;
  choices: number;
  usage: Usage;
  byPurpose: Record<string, number>;
  toolCalls: number;
  explorationCalls: number;
}

/**
 * A small in-memory `AgentKernel` over a planning environment, for tests and the benchmark until the real
 * kernel pipeline is wired in: it honours the same semantics a strategy relies on (a budget of model calls,
 * where a call with n choices counts once and returns n choices; tool errors come back as results; scopes
 * with their own ids and seeded RNG). It has no policy, journal or spawn.
 */
export class FakePlanningKernel implements AgentKernel {
  readonly runId: string;
  readonly counters: KernelCounters;
  private readonly rng: () => number;
  private ids = 0;

  constructor(
    private readonly model: LanguageModel,
    private readonly environment: PlanningEnvironment<unknown>,
    private readonly settings: { maxModelCalls: number; seed?: number; name?: string; counters?: KernelCounters },
  ) {
    this.runId = settings.name ?? 'run';
    this.rng = seededRandom(hashString(this.runId, settings.seed ?? 0));
    this.counters = settings.counters ?? {
      modelCalls: 0,
      choices: 0,
      usage: emptyUsage(),
      byPurpose: {},
      toolCalls: 0,
      explorationCalls: 0,
    };
  }

  get toolSpecs() {
    return this.environment.tools;
  }

  get toolNames(): ReadonlySet<string> {
    return new Set(this.environment.tools.map((tool) => tool.name));
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    if (this.counters.modelCalls + 1 > this.settings.maxModelCalls) {
      throw new BudgetExceededError('steps', this.settings.maxModelCalls, this.counters.modelCalls + 1);
    }
    this.counters.modelCalls++;
    const purpose = request.purpose ?? 'act';
    this.counters.byPurpose[purpose] = (this.counters.byPurpose[purpose] ?? 0) + 1;
    const wanted = request.tools;
    const tools =
      wanted === false
        ? undefined
        : this.toolSpecs.filter((tool) => wanted === undefined || wanted.includes(tool.name));
    const choices: GenerateChoice[] = [];
    let usage = emptyUsage();
    for (let i = 0; i < (request.n ?? 1); i++) {
      const response = await this.model.doGenerate({
        messages: request.messages,
        tools,
        temperature: request.temperature,
      });
      usage = addUsage(usage, response.usage);
      let text = '';
      const toolCalls: PendingToolCall[] = [];
      for (const part of response.content) {
        if (part.type === 'text') text += part.text;
        else toolCalls.push({ toolCallId: part.toolCallId, toolName: part.toolName, arguments: part.arguments });
      }
      choices.push({ text, toolCalls, finishReason: response.finishReason });
    }
    this.counters.choices += choices.length;
    this.counters.usage = addUsage(this.counters.usage, usage);
    return { ...(choices[0] as GenerateChoice), usage, choices };
  }

  async callTools(calls: readonly PendingToolCall[], options: CallToolsOptions = {}): Promise<ToolCallResult[]> {
    return calls.map((call) => {
      this.counters.toolCalls++;
      if (options.exploration) this.counters.explorationCalls++;
      let input: unknown = call.input ?? {};
      if (call.arguments !== undefined) {
        try {
          input = JSON.parse(call.arguments || '{}');
        } catch {
          return {
            ...base(call, call.arguments),
            output: 'Invalid JSON arguments.',
            isError: true,
            errorCode: 'TOOL_INPUT',
          };
        }
      }
      const record = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
      const action = {
        tool: call.toolName,
        input: Object.fromEntries(Object.entries(record).map(([k, v]) => [k, String(v)])),
      };
      const outcome = this.environment.execute(action, options.exploration === true);
      const result = { ...base(call, input), output: outcome.output, isError: !outcome.ok };
      return outcome.ok ? result : { ...result, errorCode: 'TOOL_FAILED' };
    });
  }

  async spawn(_agent: SpawnableAgent, _input: string): Promise<SpawnResult> {
    throw new TypeError('The in-memory planning kernel cannot spawn; use the real runtime.');
  }

  async runCode(): Promise<CodeActionResult> {
    throw new TypeError('The in-memory planning kernel cannot run code actions; use the real runtime.');
  }

  beginStep(): void {}

  scope(name: string): AgentKernel {
    return new FakePlanningKernel(this.model, this.environment, {
      ...this.settings,
      name: `${this.runId}/${name}`,
      counters: this.counters,
    });
  }

  now(): number {
    return 0;
  }

  random(): number {
    return this.rng();
  }

  nextId(): string {
    return `${this.runId}#${++this.ids}`;
  }
}

function base(call: PendingToolCall, input: unknown) {
  return { toolCallId: call.toolCallId, toolName: call.toolName, input, labels: [] as string[] };
}
