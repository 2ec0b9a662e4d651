// Vercel AI SDK: generateText + tool() + stopWhen: stepCountIs(20), chat-completions model.
import { generateText, tool, stepCountIs } from 'ai';
import { createOpenAI } from '@ai-sdk/openai';
import { bench, BASE_URL, MODEL, PARALLEL, PROMPT, addSchema, add, pkgVersion } from './bench.mjs';

const provider = createOpenAI({ baseURL: BASE_URL, apiKey: 'sk-fake' });
const model = provider.chat(MODEL); // chat completions (provider('x') would use the Responses API)
const tools = {
  add: tool({ description: 'Add two numbers', inputSchema: addSchema, execute: async (args) => add(args) }),
};

async function runOnce() {
  const r = await generateText({ model, tools, prompt: PROMPT, stopWhen: stepCountIs(20), maxRetries: 0 });
  return r.text;
}

await bench(
  `Vercel AI SDK generateText${PARALLEL > 1 ? ` (${PARALLEL} parallel calls a step)` : ''}`,
  `ai ${pkgVersion('ai')} + @ai-sdk/openai ${pkgVersion('@ai-sdk/openai')}`,
  runOnce,
);
