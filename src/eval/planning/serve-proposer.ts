import type { LanguageModel } from '../../models/language-model.js';
import { createOpenAICompatible } from '../../models/openai/openai-compatible-model.js';
import { startOpenAITestServer } from '../../testing/openai-test-server/index.js';

/** A model served over HTTP and the real OpenAI-compatible client that reads it. */
export interface ServedModel {
  /** The client: every call is an HTTP request to the server. */
  model: LanguageModel;
  /** How many chat requests the server answered. */
  requests(): number;
  close(): Promise<void>;
}

/**
 * Serves `model` (e.g. a SIMULATED proposer) on a local OpenAI-compatible server and returns Warden's real
 * OpenAI-compatible client for it, marked simulated so reports say so.
 */
export async function serveOverHttp(model: LanguageModel): Promise<ServedModel> {
  const server = await startOpenAITestServer({ model });
  const client = createOpenAICompatible({
    model: model.modelId,
    provider: model.provider,
    baseURL: server.url,
    apiKey: 'test',
    simulated: model.simulated === true,
  });
  return { model: client, requests: () => server.requests.length, close: server.close };
}
