// OpenAI Agents JS: Agent + tool() + run(agent, input, {maxTurns: 20}), chat-completions API,
// custom OpenAI client pointed at the fake server, tracing disabled.
// AGENTS_API=responses switches to the SDK's default Responses API.
import OpenAI from 'openai';
import { Agent, run, tool, setDefaultOpenAIClient, setOpenAIAPI, setTracingDisabled } from '@openai/agents';
import { bench, BASE_URL, PROMPT, addSchema, add, pkgVersion } from './bench.mjs';

const api = process.env.AGENTS_API === 'responses' ? 'responses' : 'chat_completions';
setDefaultOpenAIClient(new OpenAI({ baseURL: BASE_URL, apiKey: 'sk-fake', maxRetries: 0 }));
setOpenAIAPI(api);
setTracingDisabled(true);

const addTool = tool({
  name: 'add',
  description: 'Add two numbers',
  parameters: addSchema,
  execute: async (args) => String(add(args)),
});
const agent = new Agent({ name: 'adder', instructions: 'You add numbers.', tools: [addTool], model: 'fake-model' });

async function runOnce() {
  const result = await run(agent, PROMPT, { maxTurns: 20 });
  return result.finalOutput;
}

await bench(`OpenAI Agents JS run() [${api}]`, `@openai/agents ${pkgVersion('@openai/agents')}`, runOnce);
