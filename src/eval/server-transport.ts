import type { LanguageModel } from '../models/language-model.js';
import { createOpenAICompatible } from '../models/openai/openai-compatible-model.js';
import { startOpenAITestServer } from '../testing/openai-test-server/index.js';

/** How the benchmark reaches its model: in process, or over HTTP through the local OpenAI-compatible server. */
export const evalTransports = ['direct', 'openai-server'] as const;
export type EvalTransport = (typeof evalTransports)[number];

/** A running transport: each case's model is served under its own model id and called over HTTP. */
export interface ServerTransport {
  /** The model the agent gets for one case: the OpenAI provider, talking to the server that runs `model`. */
  serve(model: LanguageModel): LanguageModel;
  close(): Promise<void>;
}

/**
 * Starts the local OpenAI-compatible test server in front of the benchmark's models: the agent's model is the
 * real OpenAI provider, so every turn crosses the wire format (JSON requests, tool-call arguments as strings,
 * usage) as with a hosted model, while the answers still come from the simulated model of the case.
 */
export async function startServerTransport(): Promise<ServerTransport> {
  const models = new Map<string, LanguageModel>();
  const server = await startOpenAITestServer({ modelFor: (body) => models.get(String(body.model)) });
  let cases = 0;
  return {
    serve(model) {
      const id = `${model.modelId}-case-${++cases}`;
      models.set(id, model);
      return createOpenAICompatible({
        model: id,
        provider: 'openai-test-server',
        baseURL: server.url,
        apiKey: 'test',
        simulated: model.simulated === true,
      });
    },
    async close() {
      models.clear();
      await server.close();
    },
  };
}
