import { z } from 'zod';
import type { LanguageModel, ModelRequest, ModelResponse } from '../../src/models/language-model.js';
import { defineAgent } from '../../src/runtime/index.js';
import { defineTool } from '../../src/tools/define-tool.js';
import type { Ledger } from './ledger.js';

/** Tells the trial driver where the worker is (one line on stdout), then lingers so a kill lands there. */
export type Mark = (kind: 'model' | 'intent' | 'effect', runId: string, step: number) => Promise<void>;

/** The multi-step plan every trial run follows: side effects that dedupe (pay), that do not (notify), reads. */
export const plan = [
  { tool: 'pay', sideEffect: true },
  { tool: 'lookup', sideEffect: false },
  { tool: 'notify', sideEffect: true },
  { tool: 'pay', sideEffect: true },
  { tool: 'notify', sideEffect: true },
] as const;

/** Steps with a side effect: where "between intent and effect" and "right after a side effect" kills aim. */
export const sideEffectSteps = plan.flatMap((step, index) => (step.sideEffect ? [index] : []));

/**
 * A stateless simulated model: its next move depends only on how many turns the conversation has, so a run
 * resumed by another process continues exactly where the log says. The run id is the input.
 */
function planModel(mark: Mark): LanguageModel {
  return {
    specificationVersion: 'warden-1',
    provider: 'simulated',
    modelId: 'crash-plan',
    simulated: true,
    async doGenerate(request: ModelRequest): Promise<ModelResponse> {
      const step = request.messages.filter((message) => message.role === 'assistant').length;
      const first = request.messages.find((message) => message.role === 'user');
      const runId = typeof first?.content === 'string' ? first.content : 'unknown';
      await mark('model', runId, step);
      const usage = { inputTokens: 10, outputTokens: 5, totalTokens: 15 };
      const next = plan[step];
      if (!next) return { content: [{ type: 'text', text: `done ${runId}` }], finishReason: 'stop', usage };
      return {
        content: [
          {
            type: 'tool-call',
            toolCallId: `c${step}`,
            toolName: next.tool,
            arguments: JSON.stringify({ runId, step }),
          },
        ],
        finishReason: 'tool-calls',
        usage,
      };
    },
    doStream: () => {
      throw new Error('the crash-plan model does not stream');
    },
  };
}

/** The trial agent: its side effects go to `ledger`; `mark` lets the driver kill at chosen points. */
export function ledgerAgent(ledger: Ledger, mark: Mark) {
  const input = z.object({ runId: z.string(), step: z.number() });
  const effect = (tool: string, dedupe: boolean) =>
    defineTool({
      name: tool,
      description: dedupe ? 'Pays (dedupes by idempotency key)' : 'Sends a notification (no dedupe)',
      input,
      // pay dedupes by key, so running it again is safe; notify is not, so its in-doubt calls are reported.
      ...(dedupe && { inDoubt: 'retry' as const }),
      execute: async ({ runId, step }, context) => {
        await mark('intent', runId, step);
        await ledger.effect({ runId, step, tool, key: context.idempotencyKey!, dedupe });
        await mark('effect', runId, step);
        return { ok: true, step };
      },
    });
  const lookup = defineTool({
    name: 'lookup',
    description: 'Reads a balance',
    input,
    readOnly: true,
    execute: ({ step }) => ({ balance: 100 - step }),
  });
  return defineAgent({
    name: 'ledger',
    model: planModel(mark),
    tools: [effect('pay', true), lookup, effect('notify', false)],
    loopGuard: false,
  });
}
