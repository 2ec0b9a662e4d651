import { WardenError } from '../core/errors/warden-error.js';
import type { SpawnAction } from '../policy/policy.js';
import type { ToolOutcome } from '../tools/run-tool.js';
import { type AgentTool, agentToolMarker } from './agent-tool.js';
import type { SpawnResult, SyscallOrigin } from './agent-kernel.js';
import type { Budget } from './budget.js';
import { RunSuspendedError } from './control-flow.js';
import { fingerprintOf } from './fingerprint.js';
import type { KernelContext } from './kernel-context.js';
import { verifyReplay } from './replay.js';
import { restoreEndedChild } from './restore-child.js';

/** The tools an agent object would give its child run (agents as tools included, by name). */
export function childToolNames(agent: unknown): string[] {
  const tools = (agent as { tools?: ReadonlyArray<{ name?: unknown }> }).tools ?? [];
  return tools.map((tool) => String(tool?.name ?? ''));
}

/** The policy's view of a spawn: the agent, its tool name when the model asked, and the child's real tools. */
export function spawnAction(
  agentName: string,
  agent: unknown,
  input: string,
  origin: SyscallOrigin,
  toolName?: string,
): SpawnAction {
  return {
    kind: 'spawn',
    agent: agentName,
    ...(toolName !== undefined && { tool: toolName }),
    source: `agent:${agentName}`,
    tools: childToolNames(agent),
    input,
    ...(origin !== 'model' && { origin }),
  };
}

/**
 * Runs a decided spawn (stage 5 for an agent): journals it first (so a resume resumes the same child instead of
 * starting another), then runs the child as a scope of this run's authority: it shares the history decisions
 * read, its ledger draws on this run's, and its result carries every label it read plus `source:agent:<name>`.
 * A child that waits for a human suspends this run too; approving resumes the child inside it.
 */
export async function runChild(
  k: KernelContext,
  id: string,
  agentName: string,
  agent: unknown,
  input: string,
  budget: Budget | undefined,
): Promise<SpawnResult> {
  const { settings } = k;
  if ((settings.depth ?? 0) >= maxSpawnDepth) {
    // Checked before anything is journaled: an agent that (directly or not) spawns itself stops here.
    return refusedChild(agentName, `sub-agents may nest at most ${maxSpawnDepth} deep; "${agentName}" would be deeper`);
  }
  k.state.spawned = true;
  const fingerprint = fingerprintOf('spawn', agentName, input);
  const existing = settings.recorded.spawns.get(id);
  if (existing)
    verifyReplay(
      id,
      { subject: existing.agent, fingerprint: existing.fingerprint },
      { subject: agentName, fingerprint },
    );
  const childRunId =
    existing?.childRunId ?? `${settings.runId}.${id.slice(settings.runId.length + 1).replace(/[:/]/g, '-')}`;
  if (!existing) {
    settings.journal.record({ type: 'agent-spawn', syscallId: id, childRunId, agent: agentName, fingerprint });
    await settings.journal.flush();
  } else {
    // A child that ended before this run resumed is not run again: what it did is put back.
    const ended = await restoreEndedChild(k, existing);
    if (ended) {
      k.state.account(ended.usage, ended.costUsd);
      return ended;
    }
  }
  const child = await settings.spawnChild({
    agent,
    input,
    runId: childRunId,
    resume: existing !== undefined,
    budget: budget ?? {},
    ledger: settings.ledger,
    history: settings.history,
  });
  k.state.account(child.usage, child.costUsd);
  const labels = [...new Set([...child.labels, `source:agent:${agentName}`])];
  for (const label of labels) k.state.labelsSeen.add(label);
  if (child.status === 'awaiting_approval' && child.approvalId) throw new RunSuspendedError(child.approvalId);
  return { ...child, labels };
}

/** How deep sub-agents may nest: an agent that spawns itself is stopped here, whatever its budget. */
export const maxSpawnDepth = 8;

function refusedChild(agentName: string, why: string): SpawnResult {
  return {
    runId: '',
    status: 'failed',
    text: '',
    output: undefined,
    usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
    costUsd: 0,
    labels: [`source:agent:${agentName}`],
    error: { code: 'SUBAGENT_TOO_DEEP', message: `Not started: ${why}.` },
  };
}

/** An agent tool's call as a tool outcome: the child's text, or why it did not complete. */
export async function runAgentTool(
  k: KernelContext,
  tool: AgentTool,
  input: { input: string },
  id: string,
): Promise<ToolOutcome & { labels: string[] }> {
  const spec = tool[agentToolMarker];
  const child = await runChild(k, id, spec.agentName, spec.agent, input.input, spec.budget);
  if (child.status === 'completed') return { ok: true, output: child.text, labels: child.labels };
  return {
    ok: false,
    labels: child.labels,
    error: new WardenError({
      code: 'SUBAGENT_FAILED',
      fault: 'system',
      message: `Sub-agent "${spec.agentName}" ended with status ${child.status}${child.error ? `: ${child.error.message}` : ''}.${child.text ? ` Partial output: ${child.text}` : ''}`,
      data: { childRunId: child.runId },
    }),
  };
}
