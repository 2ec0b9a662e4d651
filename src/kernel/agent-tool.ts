import type { HistoryEntry } from '../policy/policy.js';
import type { Tool } from '../tools/tool.js';
import type { SpawnResult } from './agent-kernel.js';
import type { Budget } from './budget.js';
import type { BudgetLedger } from './budget-ledger.js';

/** Marks a tool that the kernel runs as a child run instead of calling its `execute`. */
export const agentToolMarker = Symbol.for('warden.agentTool');

/** A tool that runs another agent as a child run (the `agent.spawn` syscall). */
export interface AgentTool extends Tool<{ input: string }, string> {
  readonly [agentToolMarker]: { agentName: string; budget?: Budget; agent: unknown };
}

/** Whether a tool is another agent. */
export function isAgentTool(tool: Tool): tool is AgentTool {
  return agentToolMarker in tool;
}

/**
 * What the runtime does to start a child run, or to resume one the log says was started. The child shares
 * the parent's history and charges the parent's ledger.
 */
export type SpawnChild = (request: {
  agent: unknown;
  input: string;
  runId: string;
  resume: boolean;
  /** The child's own limits; the parent's remainder is enforced through `ledger`. */
  budget: Budget;
  ledger: BudgetLedger;
  history: HistoryEntry[];
}) => Promise<Omit<SpawnResult, 'labels'> & { labels: string[]; approvalId?: string }>;
