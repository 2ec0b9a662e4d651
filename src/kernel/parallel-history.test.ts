import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agentWith, batch, effectTool, lastResults, policyOf, runCollect } from './_test-kit.js';

/** Every history rule must hold for the calls of one model response as it does for calls in a row. */
describe('parallel batches under history rules', () => {
  it('a per-run limit lets exactly `max` of a parallel batch run', async () => {
    const send = effectTool('send');
    const policy = policyOf(`
version: 1
default: allow
rules:
  - { id: two-sends, tool: send, limit: { max: 2, per: run } }
`);
    const { agent, model } = agentWith(
      [batch(...Array.from({ length: 6 }, (_, i) => ['send', { i }] as [string, object])), { text: 'done' }],
      [send.tool],
      policy,
    );
    const { result } = await runCollect(agent);
    expect(result.status).toBe('completed');
    expect(send.calls).toHaveLength(2);
    const outcomes = lastResults(model);
    expect(outcomes.filter((outcome) => outcome.isError)).toHaveLength(4);
  });

  it('a windowed limit counts the calls of the batch itself', async () => {
    const send = effectTool('send');
    const policy = policyOf(`
version: 1
default: allow
rules:
  - { id: rate, tool: send, limit: { max: 3, per: run, window: 1m } }
`);
    const { agent } = agentWith(
      [batch(...Array.from({ length: 8 }, (_, i) => ['send', { i }] as [string, object])), { text: 'done' }],
      [send.tool],
      policy,
    );
    await runCollect(agent);
    expect(send.calls).toHaveLength(3);
  });

  it('a count rule (`history.count`) sees earlier calls of the same batch', async () => {
    const search = effectTool('search', { readOnly: true });
    const policy = policyOf(`
version: 1
default: allow
rules:
  - id: at-most-two-searches
    tool: search
    deny: { history: { count: { tool: search, gte: 2 } } }
`);
    const { agent } = agentWith(
      [batch(...Array.from({ length: 5 }, (_, i) => ['search', { q: i }] as [string, object])), { text: 'done' }],
      [search.tool],
      policy,
    );
    await runCollect(agent);
    expect(search.calls).toHaveLength(2);
  });

  it('sameCallInARow denies the repeats of one batch', async () => {
    const ping = effectTool('ping');
    const policy = policyOf(`
version: 1
default: allow
rules:
  - id: loop-guard
    tool: "*"
    deny: { history: { sameCallInARow: { gte: 2 } } }
`);
    const { agent } = agentWith(
      [batch(...Array.from({ length: 5 }, () => ['ping', { host: 'a' }] as [string, object])), { text: 'done' }],
      [ping.tool],
      policy,
    );
    await runCollect(agent);
    expect(ping.calls).toHaveLength(2);
  });

  it('a never-after rule denies a call that follows the trigger in the same batch', async () => {
    const secret = effectTool('read_secret', { readOnly: true, output: () => ({ secret: 'hunter2-hunter2' }) });
    const fetch = effectTool('http_fetch');
    const policy = policyOf(`
version: 1
default: allow
rules:
  - id: nothing-after-secrets
    tool: http_fetch
    deny: { history: { called: read_secret } }
`);
    const { agent } = agentWith(
      [batch(['read_secret'], ['http_fetch', { url: 'https://x.example' }]), { text: 'done' }],
      [secret.tool, fetch.tool],
      policy,
    );
    await runCollect(agent);
    expect(fetch.calls).toHaveLength(0);
  });

  it('holds for any batch size, limit and parallelism (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 1, max: 8 }),
        async (n, max, parallel) => {
          const send = effectTool('send');
          const policy = policyOf(`
version: 1
default: allow
rules:
  - { id: cap, tool: send, limit: { max: ${max}, per: run } }
`);
          const { agent } = agentWith(
            [batch(...Array.from({ length: n }, (_, i) => ['send', { i }] as [string, object])), { text: 'done' }],
            [send.tool],
            policy,
            { maxParallelTools: parallel },
          );
          const { result } = await runCollect(agent);
          expect(result.status).toBe('completed');
          expect(send.calls).toHaveLength(Math.min(n, max));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('journals every decision before its call runs, in call order', async () => {
    const send = effectTool('send');
    const policy = policyOf(`
version: 1
default: allow
rules:
  - { id: cap, tool: send, limit: { max: 1, per: run } }
`);
    const { agent } = agentWith([batch(['send', { i: 0 }], ['send', { i: 1 }]), { text: 'done' }], [send.tool], policy);
    const { events } = await runCollect(agent);
    const decisions = events.flatMap((event) =>
      event.type === 'policy-decision' && event.action === 'send' ? [event.decision] : [],
    );
    expect(decisions).toEqual(['allow', 'deny']);
  });
});
