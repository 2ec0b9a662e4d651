import { afterEach, describe, expect, it } from 'vitest';
import { createOpenAICompatible } from '../../models/openai/openai-compatible-model.js';
import { planRequest } from '../../strategies/plan-execute/plan.js';
import { valueRequest } from '../../strategies/search/value-prompt.js';
import { type OpenAITestServer, startOpenAITestServer } from '../../testing/openai-test-server/index.js';
import { createBlocksworldTask } from './blocksworld.js';
import { runPlanningTask } from './run-planning-task.js';
import { SimulatedProposer } from './simulated-proposer.js';
import { createToolGraphTask } from './tool-graph.js';
import { planExecute } from '../../strategies/plan-execute/plan-execute.js';

const task = createToolGraphTask({ seed: 2, depth: 8 });
const ask = (content: string) => ({
  messages: [
    { role: 'user' as const, content: task.goal },
    { role: 'user' as const, content },
  ],
});

describe('SimulatedProposer', () => {
  let server: OpenAITestServer | undefined;
  afterEach(async () => server?.close());

  it('proposes a correct action at about rate p, and wrong ones split between suboptimal and inapplicable', async () => {
    const model = new SimulatedProposer(task, { p: 0.7, seed: 1 });
    const counts = { correct: 0, suboptimal: 0, inapplicable: 0 };
    const here = task.remaining(task.initial);
    for (let i = 0; i < 2000; i++) {
      const action = model.propose(task.initial, Math.random);
      const outcome = task.step(task.initial, action);
      if (!outcome.ok) counts.inapplicable++;
      else if (outcome.cost + task.remaining(outcome.state).cost === here.cost) counts.correct++;
      else counts.suboptimal++;
    }
    expect(counts.correct / 2000).toBeGreaterThan(0.65);
    expect(counts.correct / 2000).toBeLessThan(0.75);
    expect(Math.abs(counts.suboptimal - counts.inapplicable) / 2000).toBeLessThan(0.05);
  });

  it('estimates remaining steps with noise sigma, and exactly with sigma 0', async () => {
    const exact = new SimulatedProposer(task, { p: 0.7, sigma: 0, seed: 1 });
    const response = await exact.doGenerate(ask(valueRequest));
    expect(response.content[0]).toEqual({ type: 'text', text: JSON.stringify({ remaining: task.optimal.length }) });
    const noisy = new SimulatedProposer(task, { p: 0.7, sigma: 2, seed: 1 });
    const many = await noisy.doGenerate({ ...ask(valueRequest), n: 10 });
    const values = new Set(many.choices?.map((choice) => JSON.stringify(choice.content)));
    expect(many.choices).toHaveLength(10);
    expect(values.size).toBeGreaterThan(1);
    // Stateless: the same request gives the same choices (a resumed run in another process sees the same).
    expect((await noisy.doGenerate({ ...ask(valueRequest), n: 10 })).choices).toEqual(many.choices);
  });

  it('writes a whole plan in PLAN mode; with p = 1 it is the optimal plan', async () => {
    const model = new SimulatedProposer(task, { p: 1, seed: 1 });
    const response = await model.doGenerate(ask(planRequest));
    const text = (response.content[0] as { text: string }).text;
    expect(JSON.parse(text).steps.map((s: { tool: string }) => s.tool)).toHaveLength(task.optimal.length);
  });

  it('is served over HTTP through the real OpenAI-compatible client, and is deterministic given its seed', async () => {
    const bw = createBlocksworldTask({ seed: 1, blocks: 5 });
    const runOnce = async () => {
      server = await startOpenAITestServer({ model: new SimulatedProposer(bw, { p: 0.9, seed: 7 }) });
      const model = createOpenAICompatible({ model: 'proposer', baseURL: server.url, apiKey: 'test' });
      const outcome = await runPlanningTask(planExecute({ budget: { modelCalls: 20 } }), bw, model, {
        maxModelCalls: 20,
      });
      const bodies = server.requests.length;
      await server.close();
      return { ...outcome, wallMs: 0, bodies };
    };
    const first = await runOnce();
    expect(first.bodies).toBe(first.modelCalls);
    expect(first.status).toBe('completed');
    expect(first.modelCalls).toBeGreaterThan(0);
    expect(await runOnce()).toEqual(first);
  });
});
