import type { Message, ToolCallPart, ToolResultPart } from '../../core/messages.js';
import type { AgentKernel, PendingToolCall, ToolCallResult } from '../../kernel/agent-kernel.js';

/** One executed step of a path. */
export interface PathStep {
  tool: string;
  input: Record<string, unknown>;
  output: unknown;
}

/**
 * How a toolkit's state is brought back when a search backtracks, as the toolkit declares it:
 * - `imagined`: nothing is executed while searching; the chosen path is executed once at the end;
 * - `snapshot-restore`: the toolkit implements it: after each tried action the snapshot tool returns an id
 *   (its output), and the restore tool (`{ id }`) brings that state back;
 * - `reset-replay`: the reset tool, then the path replayed, for tools declared replayable only; steps through
 *   other (side-effecting) tools are only imagined while searching and executed once, at commit.
 * In every mode the search's tries are journaled with `exploration: true`, the chosen path without it.
 */
export type EnvironmentMode =
  | { kind: 'imagined' }
  | { kind: 'snapshot-restore'; snapshotTool: string; restoreTool: string }
  | { kind: 'reset-replay'; resetTool: string; replayable: readonly string[] | 'all' };

const root: readonly PathStep[] = [];

/** Restores and steps the environment for a search, through the kernel only. */
export class SearchEnvironment {
  private current: readonly PathStep[] | undefined = [];
  private calls = 0;
  private readonly snapshots = new Map<readonly PathStep[], unknown>();
  /** The environment's own tools, never proposed as actions. */
  readonly ownTools: ReadonlySet<string>;

  constructor(
    private readonly kernel: AgentKernel,
    readonly mode: EnvironmentMode,
  ) {
    const own: string[] = [];
    if (mode.kind === 'reset-replay') own.push(mode.resetTool);
    if (mode.kind === 'snapshot-restore') own.push(mode.snapshotTool, mode.restoreTool);
    this.ownTools = new Set(own);
  }

  /** Whether `tool` may be run while exploring. */
  canExplore(tool: string): boolean {
    if (this.mode.kind === 'imagined') return false;
    if (this.mode.kind === 'snapshot-restore') return true;
    return this.mode.replayable === 'all' || this.mode.replayable.includes(tool);
  }

  /** Brings the environment to the end of `path`: a restore, or a reset and the replayable steps replayed. */
  async restore(path: readonly PathStep[]): Promise<void> {
    if (this.mode.kind === 'imagined' || this.current === path) return;
    if (this.mode.kind === 'snapshot-restore') {
      await this.explore(this.mode.restoreTool, { id: this.snapshots.get(path.length === 0 ? root : path) });
      this.current = path;
      return;
    }
    await this.explore(this.mode.resetTool, {});
    // Steps through tools not declared replayable were only imagined: they are never replayed.
    for (const step of path) if (this.canExplore(step.tool)) await this.explore(step.tool, step.input);
    this.current = path;
  }

  /**
   * Tries one action at the end of `path`; the environment is then at the end of `into` (the new path). With
   * snapshot-restore, the state after it is snapshotted for `into`.
   */
  async tryAction(
    path: readonly PathStep[],
    call: PendingToolCall,
    into?: readonly PathStep[],
  ): Promise<ToolCallResult> {
    if (this.mode.kind === 'snapshot-restore' && !this.snapshots.has(root)) {
      this.snapshots.set(root, (await this.explore(this.mode.snapshotTool, {})).output);
    }
    await this.restore(path);
    const [result] = await this.kernel.callTools([{ ...call, toolCallId: this.id() }], {
      origin: 'strategy',
      exploration: true,
    });
    const outcome = result as ToolCallResult;
    // A refused action left the state as it was.
    this.current = outcome.isError ? path : into;
    if (this.mode.kind === 'snapshot-restore' && !outcome.isError && into) {
      this.snapshots.set(into, (await this.explore(this.mode.snapshotTool, {})).output);
    }
    return outcome;
  }

  /** Executes the chosen path for real (from the initial state when exploring happened), as committed calls. */
  async commit(path: readonly PathStep[]): Promise<ToolCallResult[]> {
    const results: ToolCallResult[] = [];
    if (this.mode.kind === 'reset-replay' && this.calls > 0) await this.explore(this.mode.resetTool, {});
    if (this.mode.kind === 'snapshot-restore' && this.snapshots.has(root)) await this.restore([]);
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

  private async explore(tool: string, input: Record<string, unknown>): Promise<ToolCallResult> {
    const [result] = await this.kernel.callTools([{ toolCallId: this.id(), toolName: tool, input }], {
      origin: 'strategy',
      exploration: true,
    });
    return result as ToolCallResult;
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
