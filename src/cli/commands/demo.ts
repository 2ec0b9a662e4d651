import { fileURLToPath } from 'node:url';
import { createOpenAICompatible } from '../../models/openai/index.js';
import { ResearchModel } from '../../models/simulated/research-model.js';
import { defineAgent } from '../../runtime/define-agent.js';
import type { Runtime } from '../../runtime/runtime.js';
import { startOpenAITestServer } from '../../testing/openai-test-server/index.js';
import { createFileTools } from '../../tools/builtin/files.js';
import type { CliIO } from '../io.js';
import { runAndReport } from '../report-run.js';

export const demoQuestion = 'Which release added the rate limiter, and who maintains it?';
const demoData = fileURLToPath(new URL('../../../examples/data/', import.meta.url));

/**
 * `warden demo`: a real multi-step agent, offline. A simulated research model is served by the
 * local OpenAI-compatible test server, so the agent talks to it through the real `openai` client
 * over HTTP; the run is journaled to the store like any other.
 */
export async function demoCommand(
  runtime: Runtime,
  io: CliIO,
  options: { question?: string; data?: string; latencyMs?: number; json?: boolean },
): Promise<number> {
  const server = await startOpenAITestServer({ model: new ResearchModel({ latencyMs: options.latencyMs ?? 400 }) });
  try {
    const model = createOpenAICompatible({
      provider: 'simulated',
      model: 'research-sim-1',
      baseURL: server.url,
      apiKey: 'sk-local-demo',
      simulated: true,
    });
    const agent = defineAgent({
      name: 'researcher',
      model,
      instructions: 'Research the files in the workspace and answer the question. Cite the files you used.',
      tools: createFileTools({ root: options.data ?? demoData }),
      budget: { maxSteps: 8, timeoutMs: 60_000 },
    });
    if (!options.json) {
      io.stdout(
        `Warden demo — offline. The model is SIMULATED (a deterministic research policy, no language model),\nserved over HTTP at ${server.url} and called through the real openai client.\nStore: ${runtime.store.location}\n\nQuestion: ${options.question ?? demoQuestion}\n\n`,
      );
    }
    return await runAndReport(runtime, io, agent, options.question ?? demoQuestion, { json: options.json ?? false });
  } finally {
    await server.close();
  }
}
