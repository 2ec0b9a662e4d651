// Mastra Agent (@mastra/core) with an OpenAI-compatible model config pointed at the fake server.
import { Agent } from '@mastra/core/agent';
import { createTool } from '@mastra/core/tools';
import { z } from 'zod';
import { bench, BASE_URL, PROMPT, addSchema, add, pkgVersion } from './bench.mjs';

const addTool = createTool({
  id: 'add',
  description: 'Add two numbers',
  inputSchema: addSchema,
  outputSchema: z.number(),
  execute: async ({ context }) => add(context),
});
const agent = new Agent({
  name: 'adder',
  instructions: 'You add numbers.',
  tools: { add: addTool },
  model: { providerId: 'fake', modelId: 'fake-model', url: BASE_URL, apiKey: 'sk-fake' },
});

async function runOnce() {
  const r = await agent.generate(PROMPT, { maxSteps: 20 });
  return r.text;
}

await bench('Mastra Agent.generate', `@mastra/core ${pkgVersion('@mastra/core')}`, runOnce);
