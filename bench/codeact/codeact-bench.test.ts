import { afterAll, describe, expect, it } from 'vitest';
import { createQuickJsSandbox } from '../../src/sandbox/quickjs/quickjs-sandbox.js';
import { groundTruth, measureStrategy } from './run-codeact-bench.js';
import { benchTasks, benchTools } from './tasks.js';

const javascript = createQuickJsSandbox();
afterAll(() => javascript.close());

describe('the CodeAct benchmark', () => {
  it('has at least 20 tasks, each needing 3+ tool calls, with distinct ground truths computed from the tools', async () => {
    expect(benchTasks.length).toBeGreaterThanOrEqual(20);
    const truths = await Promise.all(benchTasks.map((task) => groundTruth(task, benchTools())));
    expect(new Set(truths).size).toBeGreaterThan(15);
  });

  it('without errors, both strategies solve every task: CodeAct in 2 turns, ReAct in one turn per call', async () => {
    const settings = { tasks: benchTasks, seeds: [1], errorRate: 0, maxTurns: 10, javascript };
    const codeact = await measureStrategy('codeact', settings);
    const react = await measureStrategy('react', settings);
    expect(codeact).toMatchObject({ success: 1, turnsMean: 2 });
    expect(react.success).toBe(1);
    expect(react.turnsMean).toBeCloseTo(react.toolCallsMean + 1, 5);
    expect(codeact.toolCallsMean).toBe(react.toolCallsMean);
  });

  it('when every action is wrong, neither strategy can succeed (the check can fail)', async () => {
    const settings = { tasks: benchTasks.slice(0, 3), seeds: [1], errorRate: 1, maxTurns: 4, javascript };
    expect((await measureStrategy('codeact', settings)).success).toBe(0);
    expect((await measureStrategy('react', settings)).success).toBe(0);
  });
});
