// The floor: hand-written while loop with the official openai SDK (chat.completions.create).
import OpenAI from 'openai';
import { z } from 'zod';
import { bench, BASE_URL, PROMPT, addSchema, add, pkgVersion } from './bench.mjs';

const client = new OpenAI({ baseURL: BASE_URL, apiKey: 'sk-fake', maxRetries: 0 });
const tools = [
  {
    type: 'function',
    function: { name: 'add', description: 'Add two numbers', parameters: z.toJSONSchema(addSchema) },
  },
];

async function runOnce() {
  const ac = new AbortController();
  const messages = [{ role: 'user', content: PROMPT }];
  for (let turn = 0; turn < 20; turn++) {
    const r = await client.chat.completions.create({ model: "fake-model", messages, tools }, { signal: ac.signal, headers: undefined });
    const msg = r.choices[0].message;
    messages.push(msg);
    if (!msg.tool_calls?.length) return msg.content;
    for (const tc of msg.tool_calls) {
      const args = addSchema.parse(JSON.parse(tc.function.arguments));
      messages.push({ role: 'tool', tool_call_id: tc.id, content: JSON.stringify(add(args)) });
    }
  }
  throw new Error('maxTurns');
}

await bench('plain openai loop', `openai ${pkgVersion('openai')}`, runOnce);
