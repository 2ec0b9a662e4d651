import { defineAgent } from '../../src/runtime/define-agent.js';
import { createRuntime } from '../../src/runtime/runtime.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { codeact } from '../../src/strategies/codeact/codeact.js';
import { react } from '../../src/strategies/react/react.js';
import { MemoryRunStore } from '../../src/store/memory-store.js';
import type { Tool } from '../../src/tools/tool.js';
import { type ActionMode, nextCall, SimulatedActor } from './simulated-actor.js';
import { type BenchTask, benchTools } from './tasks.js';

/** Settings of one benchmark pass. */
export interface CodeActBenchSettings {
  tasks: readonly BenchTask[];
  seeds: readonly number[];
  /** Probability that one action (a JSON call, or a whole program) is wrong. */
  errorRate: number;
  /** Model turns a run may take (`budget.maxSteps`). */
  maxTurns: number;
  javascript: Sandbox;
}

/** What one strategy achieved over every task and seed. */
export interface StrategyFigures {
  success: number;
  turnsMean: number;
  tokensMean: number;
  toolCallsMean: number;
  runs: number;
}

/** The answer a task has, computed by calling the tools directly (no model, no kernel). */
export async function groundTruth(task: BenchTask, tools: readonly Tool[]): Promise<string> {
  const results: unknown[] = [];
  for (let call = nextCall(task, results); call; call = nextCall(task, results)) {
    const tool = tools.find((candidate) => candidate.name === call!.tool)!;
    results.push(
      await tool.execute(call.input, {
        runId: 'truth',
        toolCallId: 'truth',
        abortSignal: new AbortController().signal,
      }),
    );
  }
  return task.answer(results);
}

/** Runs every task under every seed with one strategy and the simulated model. */
export async function measureStrategy(mode: ActionMode, settings: CodeActBenchSettings): Promise<StrategyFigures> {
  const tools = benchTools();
  const strategy = mode === 'codeact' ? codeact({ javascript: settings.javascript }) : react();
  let solved = 0;
  let turns = 0;
  let tokens = 0;
  let toolCalls = 0;
  let runs = 0;
  for (const seed of settings.seeds) {
    for (const task of settings.tasks) {
      const truth = await groundTruth(task, tools);
      const agent = defineAgent({
        name: `bench-${mode}`,
        model: new SimulatedActor(task, mode, settings.errorRate, seed),
        tools,
        strategy,
        loopGuard: false,
        budget: { maxSteps: settings.maxTurns },
      });
      let calls = 0;
      const result = await createRuntime({ store: new MemoryRunStore() }).run(agent, task.question, {
        onEvent: (event) => {
          if (event.type === 'tool-call') calls++;
        },
      });
      runs++;
      if (result.status === 'completed' && result.text.trim() === truth) solved++;
      turns += result.steps;
      tokens += result.usage.totalTokens;
      toolCalls += calls;
    }
  }
  const mean = (total: number) => Math.round((total / runs) * 100) / 100;
  return {
    success: Math.round((solved / runs) * 1000) / 1000,
    turnsMean: mean(turns),
    tokensMean: mean(tokens),
    toolCallsMean: mean(toolCalls),
    runs,
  };
}
