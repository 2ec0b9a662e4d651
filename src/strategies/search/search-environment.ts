import type { Message, ToolCallPart, ToolResultPart } from '../../core/messages.js';
import type { AgentKernel, PendingToolCall, ToolCallResult } from '../../kernel/agent-kernel.js';

/** One executed step of a path. */
export interface PathStep {
  tool: string;
  input: Record<string, unknown>;
  output: unknown;
}

/**
 * How a toolkit's state is brought back when a search backtracks:
 * - `imagined`: nothing is executed while searching; the chosen path is executed once at the end;
 * - `reset-replay`: the reset tool, then the committed prefix replayed, and only when every tool on it is
 *   declared replayable; steps through other (side-effecting) tools are only imagined while searching and
 *   executed once, when the chosen path is committed.
 */
export type EnvironmentMode =
  | { kind: 'imagined' }
  | { kind: 'reset-replay'; resetTool: string; replayable: readonly string[] | 'all' };

/** Restores and steps the environment for a search, through the kernel only. */
export class SearchEnvironment {
  private current: readonly PathStep[] | undefined = [];
  private calls = 0;

  constructor(
    private readonly kernel: AgentKernel,
    readonly mode: EnvironmentMode,
  ) {}

  /** Whether `tool` may be run while exploring (and so replayed later). */
  canExplore(tool: string): boolean {
    if (this.mode.kind === 'imagined') return false;
    return this.mode.replayable === 'all' || this.mode.replayable.includes(tool);
  }

  /** Brings the environment to the end of `path` (reset + replay), exploring. */
  async restore(path: readonly PathStep[]): Promise<void> {
    if (this.mode.kind !== 'reset-replay' || this.current === path) return;
    const calls: PendingToolCall[] = [{ toolCallId: this.id(), toolName: this.mode.resetTool, input: {} }];
    // Steps through tools not declared replayable were only imagined: they are never replayed.
    for (const step of path) {
      if (this.canExplore(step.tool)) calls.push({ toolCallId: this.id(), toolName: step.tool, input: step.input });
    }
    for (const call of calls) await this.kernel.callTools([call], { origin: 'strategy', exploration: true });
    this.current = path;
  }

  /** Tries one action at the end of `path`; the environment is then at the new path's end. */
  async tryAction(path: readonly PathStep[], call: PendingToolCall): Promise<ToolCallResult> {
    await this.restore(path);
    const [result] = await this.kernel.callTools([{ ...call, toolCallId: this.id() }], {
      origin: 'strategy',
      exploration: true,
    });
    this.current = undefined;
    return result as ToolCallResult;
  }

  /** Executes the chosen path for real (reset first when exploring happened), as committed calls. */
  async commit(path: readonly PathStep[]): Promise<ToolCallResult[]> {
    const results: ToolCallResult[] = [];
    if (this.mode.kind === 'reset-replay') {
      await this.kernel.callTools([{ toolCallId: this.id(), toolName: this.mode.resetTool, input: {} }], {
        origin: 'strategy',
        exploration: true,
      });
    }
    for (const step of path) {
      const [result] = await this.kernel.callTools(
        [{ toolCallId: this.id(), toolName: step.tool, input: step.input }],
        { origin: 'strategy' },
      );
      results.push(result as ToolCallResult);
    }
    this.current = path;
    return results;
  }

  private id(): string {
    return `search_${++this.calls}`;
  }
}

/** The conversation a model sees for a path: the goal, then each step as a tool call and its result. */
export function pathMessages(goal: Message[], path: readonly PathStep[], system?: string): Message[] {
  const messages: Message[] = system ? [{ role: 'system', content: system }] : [];
  messages.push(...goal);
  path.forEach((step, i) => {
    const call: ToolCallPart = { type: 'tool-call', toolCallId: `p${i}`, toolName: step.tool, input: step.input };
    const result: ToolResultPart = {
      type: 'tool-result',
      toolCallId: `p${i}`,
      toolName: step.tool,
      output: step.output,
    };
    messages.push({ role: 'assistant', content: [call] }, { role: 'tool', content: [result] });
  });
  return messages;
}
