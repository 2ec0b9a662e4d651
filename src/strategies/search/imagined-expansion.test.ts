import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../core/events.js';
import { resetTool } from '../../eval/planning/planning-environment.js';
import { runPlanningTask } from '../../eval/planning/run-planning-task.js';
import { SimulatedProposer } from '../../eval/planning/simulated-proposer.js';
import { createToolGraphTask } from '../../eval/planning/tool-graph.js';
import { streamFromResponse } from '../../models/collect-stream.js';
import type { LanguageModel, ModelRequest, ModelResponse } from '../../models/language-model.js';
import { createRuntime } from '../../runtime/runtime.js';
import { MemoryRunStore } from '../../store/memory-store.js';
import { astar } from './astar.js';
import type { SearchTreeRecord } from './search-node.js';

const environment = { kind: 'reset-replay', resetTool, replayable: 'all' } as const;
const task = createToolGraphTask({ seed: 4, depth: 6 });

/** A model whose every plan choice is rewritten by `rewrite` (its text in, its text out). */
function rewritingPlans(inner: LanguageModel, rewrite: (text: string, index: number) => string): LanguageModel {
  return {
    specificationVersion: 'warden-1',
    provider: 'test',
    modelId: 'rewriting',
    supportsChoices: true,
    async doGenerate(request: ModelRequest): Promise<ModelResponse> {
      const response = await inner.doGenerate(request);
      const texts = (response.choices ?? [{ content: response.content }]).map((choice, i) => {
        const part = choice.content[0];
        return part?.type === 'text' && part.text.startsWith('{"steps"') ? rewrite(part.text, i) : undefined;
      });
      if (texts.every((text) => text === undefined)) return response;
      const contents = texts.map((text) => [{ type: 'text' as const, text: text ?? '' }]);
      return {
        ...response,
        content: contents[0] ?? [],
        choices: contents.map((content) => ({ content, finishReason: 'stop' as const })),
      };
    },
    async doStream(request: ModelRequest) {
      return streamFromResponse(await this.doGenerate(request));
    },
  } as LanguageModel;
}

async function run(model: LanguageModel, budget = 20, limits: { branching?: number; depth?: number } = {}) {
  const runtime = createRuntime({ store: new MemoryRunStore() });
  const strategy = astar({ budget: { modelCalls: budget, ...limits }, environment });
  const outcome = await runPlanningTask(strategy, task, model, {
    maxModelCalls: budget,
    runtime,
    runId: 'run_i',
  });
  const events: RunEvent[] = await runtime.store.readEvents('run_i');
  const record = events.find((e) => e.type === 'strategy-record' && e.kind === 'search-tree');
  return { outcome, events, tree: (record as unknown as { data: SearchTreeRecord }).data };
}

describe("A*'s imagination: n whole plans in one call, merged and validated in the environment", () => {
  it('advances many steps per call: a perfect proposer is solved with ONE plan call of n choices', async () => {
    const { outcome, events } = await run(new SimulatedProposer(task, { p: 1, sigma: 0, seed: 1 }));
    expect(outcome.success).toBe(true);
    expect(outcome.costRatio).toBe(1);
    const requests = events.filter((e) => e.type === 'model-request');
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ purpose: 'plan', n: 5 });
  });

  it('prunes a step the environment rejects, never grows it, and lets the plans go on past it', async () => {
    // Every plan starts with the LAST step of the optimal plan (inapplicable at the start) and repeats it in
    // the middle: the environment refuses it, and the plans' other steps still make the path.
    const last = task.optimal.plan[task.optimal.plan.length - 1];
    const bad = { tool: last?.tool, input: last?.input, expect: 'done' };
    const model = rewritingPlans(new SimulatedProposer(task, { p: 1, sigma: 0, seed: 1 }), (text) => {
      const steps = (JSON.parse(text) as { steps: unknown[] }).steps;
      if (steps.length < 3) return text;
      return JSON.stringify({ steps: [bad, ...steps.slice(0, 2), bad, ...steps.slice(2)] });
    });
    const { outcome, tree, events } = await run(model);
    expect(outcome.success).toBe(true);
    expect(outcome.costRatio).toBe(1);
    expect(outcome.modelCalls).toBe(1);
    const pruned = tree.nodes.filter((node) => node.state === 'pruned');
    expect(pruned.length).toBeGreaterThanOrEqual(2);
    for (const node of pruned) expect(tree.nodes.some((other) => other.parent === node.id)).toBe(false);
    // Siblings are distinct actions: the same step under the same parent was tried once, not once per plan.
    const siblings = new Map<string, number>();
    for (const node of tree.nodes) {
      const key = `${node.parent}|${node.action}`;
      siblings.set(key, (siblings.get(key) ?? 0) + 1);
    }
    expect([...siblings.values()].every((count) => count === 1)).toBe(true);
    // The refused step was never committed.
    const committed = events.filter((e) => e.type === 'tool-call' && !e.exploration);
    expect(committed).toHaveLength(task.optimal.length);
  });

  it('a hostile model (unreadable plans, unknown tools) abstains: no throw, no tool run, the search stops', async () => {
    const hostile = rewritingPlans(new SimulatedProposer(task, { p: 1, sigma: 0, seed: 1 }), (_text, i) =>
      i % 2 === 0 ? 'I would rather not.' : JSON.stringify({ steps: [{ tool: 'rm_rf', input: {} }] }),
    );
    const { outcome, events } = await run(hostile, 10);
    expect(outcome.success).toBe(false);
    expect(outcome.error).toBeUndefined();
    // The root is sampled once more (told nothing worked), then it is dead: two calls, not the whole budget.
    expect(outcome.modelCalls).toBe(2);
    expect(events.filter((e) => e.type === 'tool-call' && e.toolName !== resetTool)).toHaveLength(0);
    expect(events.some((e) => e.type === 'run-end')).toBe(true);
  });

  it('votes are the plans through a step over n (self-consistency) and never exceed n', async () => {
    const { tree } = await run(new SimulatedProposer(task, { p: 0.7, seed: 3 }));
    for (const node of tree.nodes) {
      const [votes, samples] = node.votes.split('/').map(Number) as [number, number];
      expect(votes).toBeGreaterThanOrEqual(1);
      expect(votes).toBeLessThanOrEqual(samples);
    }
    // Several plans agreed on a prefix: it was grown past its first step.
    const agreed = tree.nodes.filter((node) => Number(node.votes.split('/')[0]) >= 2 && node.parent !== null);
    expect(agreed.some((node) => agreed.some((other) => other.parent === node.id))).toBe(true);
  });

  it('keeps to the budget: at most `branching` children per node and no path longer than `depth`', async () => {
    const { tree } = await run(new SimulatedProposer(task, { p: 0.5, seed: 4 }), 12, { branching: 2, depth: 4 });
    const byId = new Map(tree.nodes.map((node) => [node.id, node]));
    const depthOf = (id: number): number => {
      const parent = byId.get(id)?.parent;
      return parent === null || parent === undefined ? 0 : 1 + depthOf(parent);
    };
    for (const node of tree.nodes) {
      expect(tree.nodes.filter((other) => other.parent === node.id).length).toBeLessThanOrEqual(2);
      expect(depthOf(node.id)).toBeLessThanOrEqual(4);
    }
    expect(tree.nodes.length).toBeGreaterThan(3);
  });
});
