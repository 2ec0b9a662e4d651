/**
 * A worker process for the code-action kill -9 test: a CodeAct run on a SQLite store whose one code action pays
 * (a side effect, written to a ledger file), then calls `settle`, which prints `settle` once the payment's result
 * and the guest's clock reads are durable, and hangs until the parent kills the process.
 */
import { appendFileSync } from 'node:fs';
import { z } from 'zod';
import type { LanguageModel, ModelResponse } from '../models/language-model.js';
import { defineAgent } from '../runtime/define-agent.js';
import { createRuntime } from '../runtime/runtime.js';
import { codeact } from '../strategies/codeact/codeact.js';
import { createSqliteStore } from '../store/sqlite/sqlite-store.js';
import { defineTool } from '../tools/define-tool.js';

const [dbPath, ledger] = process.argv.slice(2) as [string, string];
const hang = () => new Promise<never>(() => {});
const crashCode =
  'const paid = await tools.pay({ amount: 40 }); const r = Math.random(); const t = Date.now(); const settled = await tools.settle({}); return { paid, r, t, settled };';

const store = createSqliteStore({ path: dbPath });
let calls = 0;
const model: LanguageModel = {
  specificationVersion: 'warden-1',
  provider: 'scripted',
  modelId: 'crash-model',
  simulated: true,
  async doGenerate(): Promise<ModelResponse> {
    if (calls++ > 0) return hang();
    return {
      content: [{ type: 'text', text: `\`\`\`js\n${crashCode}\n\`\`\`` }],
      finishReason: 'stop',
      usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15 },
    };
  },
  doStream: () => hang(),
};
const pay = defineTool({
  name: 'pay',
  description: 'Pay',
  input: z.object({ amount: z.number() }),
  execute: ({ amount }, context) => {
    appendFileSync(ledger, `${context.idempotencyKey} ${amount}\n`);
    return { paid: amount, key: context.idempotencyKey };
  },
});
const settle = defineTool({
  name: 'settle',
  description: 'Settle',
  input: z.object({}),
  readOnly: true,
  execute: async () => {
    for (;;) {
      const events = await store.readEvents('run_code_killed');
      const paid = events.some((event) => event.type === 'tool-result' && event.toolName === 'pay');
      if (paid && events.filter((event) => event.type === 'clock-read').length >= 2) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    process.stdout.write('settle\n');
    return hang();
  },
});

const runtime = createRuntime({ store });
void runtime.run(defineAgent({ name: 'coder', model, tools: [pay, settle], strategy: codeact() }), 'pay 40', {
  runId: 'run_code_killed',
});
