import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { runTool } from './run-tool.js';

describe('runTool and the run signal', () => {
  it('leaves no listener on the run signal after a call, however the tool ends', async () => {
    const run = new AbortController();
    const tools = [
      defineTool({
        name: 'sync',
        description: 's',
        input: z.object({}),
        execute: (_input, { abortSignal }) => abortSignal.aborted,
      }),
      defineTool({
        name: 'async',
        description: 'a',
        input: z.object({}),
        execute: async (_input, { abortSignal }) => abortSignal.aborted,
      }),
      defineTool({
        name: 'throws',
        description: 't',
        input: z.object({}),
        execute: async (_input, { abortSignal }) => {
          if (!abortSignal.aborted) throw new Error('boom');
        },
      }),
    ];
    for (let i = 0; i < 30; i++) {
      for (const tool of tools) await runTool(tool, {}, { runId: 'r', toolCallId: `c${i}`, abortSignal: run.signal });
    }
    expect(getEventListeners(run.signal, 'abort')).toHaveLength(0);
  });
});
