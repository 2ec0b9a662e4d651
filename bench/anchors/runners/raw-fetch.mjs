// Floor below the floor: hand-written loop with global fetch + JSON, no SDK.
// Measures HTTP round trip + JSON on both sides + the fake server's own cost.
import { z } from 'zod';
import { bench, BASE_URL, PROMPT, addSchema, add } from './bench.mjs';

const tools = [
  {
    type: 'function',
    function: { name: 'add', description: 'Add two numbers', parameters: z.toJSONSchema(addSchema) },
  },
];

async function runOnce() {
  const messages = [{ role: 'user', content: PROMPT }];
  for (let turn = 0; turn < 20; turn++) {
    const r = await fetch(`${BASE_URL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-fake' },
      body: JSON.stringify({ model: 'fake-model', messages, tools }),
    });
    const data = await r.json();
    const msg = data.choices[0].message;
    messages.push(msg);
    if (!msg.tool_calls?.length) return msg.content;
    for (const tc of msg.tool_calls) {
      const args = addSchema.parse(JSON.parse(tc.function.arguments));
      messages.push({ role: 'tool', tool_call_id: tc.id, content: JSON.stringify(add(args)) });
    }
  }
  throw new Error('maxTurns');
}

await bench('raw fetch loop (no SDK)', `node ${process.versions.node} fetch`, runOnce);
