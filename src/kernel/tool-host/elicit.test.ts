import type { ElicitRequestParams } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import type { KernelContext } from '../kernel-context.js';
import { type ElicitationScope, elicit, maxElicitationsPerCall } from './elicit.js';

const question = (i: number): ElicitRequestParams => ({
  message: `Question ${i}?`,
  requestedSchema: { type: 'object', properties: { a: { type: 'string' } } },
});

function harness(onElicitation?: () => Promise<unknown>) {
  const journaled: Array<{ type: string }> = [];
  const stops: unknown[] = [];
  const k = {
    settings: {
      runId: 'run_1',
      recorded: { elicitationRequests: new Map(), elicitationAnswers: new Map() },
      journal: { record: (event: { type: string }) => journaled.push(event), flush: async () => {} },
      ...(onElicitation && { onElicitation }),
    },
  } as unknown as KernelContext;
  const scope: ElicitationScope = {
    syscallId: 'run_1/tool-0',
    toolName: 'ask',
    asked: 0,
    signal: new AbortController().signal,
    stop: (error) => stops.push(error),
    label: () => {},
  };
  return { k, scope, journaled, stops };
}

describe('elicit', () => {
  it('20 questions at once pause the call once: one question journaled, the others answered cancel', async () => {
    const { k, scope, journaled, stops } = harness();
    const answers = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => elicit(k, scope, question(i), 's')));
    expect(journaled.filter((event) => event.type === 'elicitation-request')).toHaveLength(1);
    expect(stops).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === 'rejected')).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === 'fulfilled').map((answer) => answer.value)).toEqual(
      Array(19).fill({ action: 'cancel' }),
    );
  });

  it(`answers at most ${maxElicitationsPerCall} questions of one call through onElicitation`, async () => {
    let asked = 0;
    const { k, scope } = harness(async () => {
      asked++;
      return { action: 'accept', content: { a: 'x' } };
    });
    for (let i = 0; i < maxElicitationsPerCall; i++) await elicit(k, scope, question(i), 's');
    await expect(elicit(k, scope, question(99), 's')).rejects.toMatchObject({ code: 'ELICITATION_LIMIT' });
    expect(asked).toBe(maxElicitationsPerCall);
  });
});
