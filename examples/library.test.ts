import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRuntime, defineAgent, defineTool } from 'warden';
import { createOpenAICompatible } from 'warden/models';
import { createSqliteStore } from 'warden/store';
import { startOpenAITestServer } from 'warden/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

// The README's library example, through the public entry points, against the local test server.
describe('README library example', () => {
  it('runs a typed agent with a tool and a structured output, stored in SQLite, and streams another run', async () => {
    const server = await startOpenAITestServer({
      script: [
        { toolCalls: [{ name: 'get_weather', input: { city: 'Lisbon' } }] },
        { text: '{"city": "Lisbon", "summary": "21 °C, warm"}' },
        { text: 'Oslo is colder.' },
      ],
    });
    try {
      const getWeather = defineTool({
        name: 'get_weather',
        description: 'Current weather in a city',
        input: z.object({ city: z.string() }),
        readOnly: true,
        execute: async ({ city }) => ({ city, celsius: 21 }),
      });
      const agent = defineAgent({
        name: 'weather',
        model: createOpenAICompatible({ baseURL: server.url, apiKey: 'test', model: 'llama3.2' }),
        instructions: 'Answer with the tools you have.',
        tools: [getWeather],
        output: z.object({ city: z.string(), summary: z.string() }),
        budget: { maxSteps: 10, maxCostUsd: 0.05 },
      });
      const store = createSqliteStore({ path: join(mkdtempSync(join(tmpdir(), 'warden-readme-')), 'warden.db') });
      const runtime = createRuntime({ store });
      const result = await runtime.run(agent, 'Is it warm in Lisbon?');
      expect(result.status).toBe('completed');
      expect(result.output).toEqual({ city: 'Lisbon', summary: '21 °C, warm' });
      expect((await store.getRun(result.runId))?.status).toBe('completed');

      let text = '';
      const plain = defineAgent({ ...agent, output: undefined });
      for await (const event of runtime.stream(plain, 'And in Oslo?'))
        if (event.type === 'text-delta') text += event.delta;
      expect(text).toBe('Oslo is colder.');
      await store.close();
    } finally {
      await server.close();
    }
  });
});
