import type { ErrorInfo } from '../core/events.js';
import type { Usage } from '../core/usage.js';
import type { Tool } from '../tools/tool.js';
import { WardenError } from '../core/errors/warden-error.js';
import type { ToolOutcome } from '../tools/run-tool.js';
import { type Budget, carveBudget } from './budget.js';
import type { KernelSettings } from './kernel.js';
import type { RunState } from './run-state.js';

/** Marks a tool that the kernel runs as a child run instead of calling its `execute`. */
export const agentToolMarker = Symbol.for('warden.agentTool');

/** A tool that runs another agent as a child run (the `agent.spawn` syscall). */
export interface AgentTool extends Tool<{ input: string }, string> {
  readonly [agentToolMarker]: { agentName: string; toolNames: string[]; budget?: Budget; agent: unknown };
}

/** Whether a tool is another agent. */
export function isAgentTool(tool: Tool): tool is AgentTool {
  return agentToolMarker in tool;
}

/** What the runtime does to start a child run, or to resume one the log says was started. */
export type SpawnChild = (request: {
  agent: unknown;
  input: string;
  runId: string;
  resume: boolean;
  budget: Budget;
}) => Promise<{ runId: string; status: string; text: string; usage: Usage; costUsd: number; error?: ErrorInfo }>;

/**
 * The `agent.spawn` syscall: starts the child run (journaled first, so a resume finds and resumes it
 * instead of starting another), with a budget carved from what the parent has left.
 */
export async function runAgentTool(
  settings: KernelSettings,
  state: RunState,
  tool: AgentTool,
  input: { input: string },
  id: string,
): Promise<ToolOutcome> {
  const spec = tool[agentToolMarker];
  const existing = settings.recorded.spawns.get(id);
  const childRunId = existing ?? `${settings.runId}.${id.slice(id.lastIndexOf(':') + 1)}`;
  if (!existing) {
    settings.journal.record({ type: 'agent-spawn', syscallId: id, childRunId, agent: spec.agentName });
    await settings.journal.flush();
  }
  const budget = carveBudget(settings.budget, state.spent(settings.clock.now()), spec.budget);
  const child = await settings.spawnChild({
    agent: spec.agent,
    input: input.input,
    runId: childRunId,
    resume: existing !== undefined,
    budget,
  });
  state.account(child.usage, child.costUsd);
  if (child.status === 'completed') return { ok: true, output: child.text };
  return {
    ok: false,
    error: new WardenError({
      code: 'SUBAGENT_FAILED',
      fault: 'system',
      message: `Sub-agent "${spec.agentName}" ended with status ${child.status}${child.error ? `: ${child.error.message}` : ''}.${child.text ? ` Partial output: ${child.text}` : ''}`,
      data: { childRunId: child.runId },
    }),
  };
}
