// LangGraph.js prebuilt createReactAgent + @langchain/openai ChatOpenAI pointed at the fake server.
import { createReactAgent } from '@langchain/langgraph/prebuilt';
import { ChatOpenAI } from '@langchain/openai';
import { tool } from '@langchain/core/tools';
import { bench, BASE_URL, PROMPT, addSchema, add, pkgVersion } from './bench.mjs';

const llm = new ChatOpenAI({
  model: 'fake-model',
  apiKey: 'sk-fake',
  maxRetries: 0,
  configuration: { baseURL: BASE_URL },
});
const addTool = tool(async (args) => String(add(args)), {
  name: 'add',
  description: 'Add two numbers',
  schema: addSchema,
});
const agent = createReactAgent({ llm, tools: [addTool] });

async function runOnce() {
  const out = await agent.invoke({ messages: [{ role: 'user', content: PROMPT }] }, { recursionLimit: 50 });
  const last = out.messages[out.messages.length - 1];
  return typeof last.content === 'string' ? last.content : last.text;
}

await bench(
  'LangGraph createReactAgent',
  `@langchain/langgraph ${pkgVersion('@langchain/langgraph')} + @langchain/openai ${pkgVersion('@langchain/openai')} + @langchain/core ${pkgVersion('@langchain/core')}`,
  runOnce,
);
