import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createMemoryCounters } from '../counters/memory-counters.js';
import type { SharedCounters } from '../counters/shared-counters.js';
import { CountersUnavailableError } from '../core/errors/counters-errors.js';
import type { RunEvent } from '../core/events.js';
import { parsePolicy } from '../policy/parse-policy.js';
import type { Policy } from '../policy/policy.js';
import { ScriptedModel } from '../testing/scripted-model.js';
import { defineTool } from '../tools/define-tool.js';
import { defineAgent } from './define-agent.js';
import { MemoryRunStore } from '../store/memory-store.js';
import { createRuntime } from './runtime.js';

const { policy } = parsePolicy(
  `
version: 1
name: mail
default: allow
rules:
  - id: daily-mail
    tool: send_email
    limit: { max: 2, per: principal, window: 1d }
    fallback: { respond: "The daily mail quota is used up." }
`,
  { file: 'inline.yaml' },
);

function mailer(sent: string[]) {
  const sendEmail = defineTool({
    name: 'send_email',
    description: 'Send an email',
    input: z.object({ to: z.string() }),
    execute: ({ to }) => {
      sent.push(to);
      return { sent: true };
    },
  });
  const batch = Array.from({ length: 5 }, (_, i) => ({ name: 'send_email', input: { to: `user${i}@acme.example` } }));
  return defineAgent({
    name: 'mailer',
    model: new ScriptedModel([{ toolCalls: batch }, { text: 'done' }]),
    tools: [sendEmail],
    policy,
    maxParallelTools: 5,
  });
}

function decisionsOf(events: RunEvent[]) {
  return events.flatMap((event) => (event.type === 'policy-decision' && event.action === 'send_email' ? [event] : []));
}

describe('limits per principal through the kernel (shared counters)', () => {
  it('a parallel batch gets exactly max allowed, each call journaled once with its final decision', async () => {
    const sent: string[] = [];
    const events: RunEvent[] = [];
    const runtime = createRuntime();
    const result = await runtime.run(mailer(sent), 'mail everyone', {
      principal: { id: 'alice' },
      onEvent: (event) => events.push(event),
    });
    expect(result.status).toBe('completed');
    expect(sent).toHaveLength(2);
    const decisions = decisionsOf(events);
    expect(decisions).toHaveLength(5);
    expect(new Set(decisions.map((event) => event.syscallId)).size).toBe(5);
    expect(decisions.filter((event) => event.decision === 'allow')).toHaveLength(2);
    expect(decisions.filter((event) => event.decision === 'deny').map((event) => event.reason)).toEqual(
      Array(3).fill('Denied by rule "daily-mail": the limit of 2 per principal is reached.'),
    );
    const again: string[] = [];
    await runtime.run(mailer(again), 'mail everyone again', { principal: { id: 'alice' } });
    expect(again).toEqual([]);
    const bob: string[] = [];
    await runtime.run(mailer(bob), 'mail everyone', { principal: { id: 'bob' } });
    expect(bob).toHaveLength(2);
  });

  it('a reserve lost to another process is decided again and denied by the rule, journaled once', async () => {
    const inner = createMemoryCounters();
    let stolen = false;
    // Another process takes the last slot between this process's read and its reserve.
    const racing: SharedCounters = {
      ...inner,
      version: 1,
      location: 'racing',
      read: (keys, now) => inner.read(keys, now),
      async reserve(limits, now) {
        if (!stolen) {
          stolen = true;
          await inner.reserve(
            limits.map(({ key, windowMs }) => ({ key, ...(windowMs && { windowMs }) })),
            now,
          );
          await inner.reserve(
            limits.map(({ key, windowMs }) => ({ key, ...(windowMs && { windowMs }) })),
            now,
          );
        }
        return inner.reserve(limits, now);
      },
      close: () => inner.close(),
    };
    const sent: string[] = [];
    const events: RunEvent[] = [];
    const agent = mailer(sent);
    await createRuntime({ counters: racing }).run(agent, 'mail', {
      principal: { id: 'carol' },
      onEvent: (event) => events.push(event),
    });
    expect(sent).toEqual([]);
    const decisions = decisionsOf(events);
    expect(decisions).toHaveLength(5);
    expect(decisions.every((event) => event.decision === 'deny' && event.ruleId === 'daily-mail')).toBe(true);
    const results = events.flatMap((event) => (event.type === 'tool-error' ? [event.error.message] : []));
    expect(results).toEqual(Array(5).fill('The daily mail quota is used up.'));
  });

  it('a counters backend that is gone fails the run with COUNTERS_UNAVAILABLE, journaling no decision', async () => {
    const gone: SharedCounters = {
      version: 1,
      location: 'postgres:gone',
      read: async () => {
        throw new CountersUnavailableError('postgres:gone', 'read', new Error('connection terminated'));
      },
      reserve: async () => {
        throw new Error('never reached');
      },
      close: async () => {},
    };
    const sent: string[] = [];
    const events: RunEvent[] = [];
    const result = await createRuntime({ counters: gone }).run(mailer(sent), 'mail', {
      principal: { id: 'dave' },
      onEvent: (event) => events.push(event),
    });
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ code: 'COUNTERS_UNAVAILABLE' });
    expect(result.error?.message).toContain('resume the run');
    expect(sent).toEqual([]);
    expect(decisionsOf(events)).toEqual([]);
  });

  it('a call resumed after its allow was journaled is not counted twice, nor denied by its own count', async () => {
    const { policy: single } = parsePolicy(
      'version: 1\nname: hotel\ndefault: allow\nrules:\n  - id: one-booking\n    tool: book\n    limit: { max: 1, per: principal }\n',
      { file: 'inline.yaml' },
    );
    const counters = createMemoryCounters();
    const store = new MemoryRunStore();
    const booked: string[] = [];
    let hang = true;
    const book = defineTool({
      name: 'book',
      description: 'Book a room',
      input: z.object({ room: z.string() }),
      inDoubt: 'retry',
      execute: (_input, context) => {
        booked.push(String(context.idempotencyKey));
        return hang ? new Promise(() => {}) : { booked: true };
      },
    });
    const agent = (model: ScriptedModel) => defineAgent({ name: 'hotel', model, tools: [book], policy: single });
    const first = agent(new ScriptedModel([{ toolCalls: [{ name: 'book', input: { room: '12' } }] }]));
    void createRuntime({ store, counters }).run(first, 'book 12', { runId: 'run_doubt', principal: { id: 'erin' } });
    for (let i = 0; i < 500 && booked.length === 0; i++) await new Promise((resolve) => setImmediate(resolve));
    await store.updateRun('run_doubt', { ownerId: `${hostname()}:99999999:dead` });
    hang = false;
    const runtime = createRuntime({ store, counters });
    await runtime.recover();
    const done = await runtime.resume(agent(new ScriptedModel([{ text: 'booked' }])), 'run_doubt');
    expect(done.status).toBe('completed');
    expect(booked).toEqual(['run_doubt:1', 'run_doubt:1']);
    expect(await counters.read([{ key: 'limit:hotel:one-booking:principal:erin' }], Date.now())).toEqual([1]);
    const events: RunEvent[] = [];
    const other = agent(new ScriptedModel([{ toolCalls: [{ name: 'book', input: { room: '14' } }] }, { text: 'no' }]));
    await runtime.run(other, 'book 14', { principal: { id: 'erin' }, onEvent: (event) => events.push(event) });
    expect(events.find((event) => event.type === 'policy-decision' && event.action === 'book')).toMatchObject({
      decision: 'deny',
      ruleId: 'one-booking',
    });
  });

  it('decisions after one waiting for the counters wait their turn: a parallel batch is decided in call order', async () => {
    const { policy: mixed } = parsePolicy(
      'version: 1\nname: mixed\ndefault: allow\nrules:\n  - id: two-per-run\n    tool: [a, b]\n    limit: { max: 2, per: run }\n  - id: a-per-principal\n    tool: a\n    limit: { max: 100, per: principal }\n',
      { file: 'inline.yaml' },
    );
    const tool = (name: string) =>
      defineTool({ name, description: name, input: z.object({}), readOnly: true, execute: () => name });
    const agent = defineAgent({
      name: 'mixed',
      model: new ScriptedModel([{ toolCalls: [{ name: 'a' }, { name: 'b' }, { name: 'b' }] }, { text: 'done' }]),
      tools: [tool('a'), tool('b')],
      policy: mixed,
      maxParallelTools: 3,
    });
    const events: RunEvent[] = [];
    await createRuntime().run(agent, 'go', { principal: { id: 'fay' }, onEvent: (event) => events.push(event) });
    const decisions = events.flatMap((event) =>
      event.type === 'policy-decision' && event.action !== 'model.generate' ? [[event.action, event.decision]] : [],
    );
    expect(decisions).toEqual([
      ['a', 'allow'],
      ['b', 'allow'],
      ['b', 'deny'],
    ]);
  });

  it('a code policy names its counters in sharedLimits; one whose sharedLimits throws gets none and denies', async () => {
    const codePolicy = (sharedLimits: Policy['sharedLimits']): Policy => ({
      decide(action, context) {
        if (action.kind !== 'tool') return { decision: 'allow' };
        const used = context.counters?.get(`code:${context.principal?.id}`);
        if (!(typeof used === 'number' && used < 1)) {
          return { decision: 'deny', reason: `no quota (${String(used)})` };
        }
        context.counters?.increment(`code:${context.principal?.id}`);
        return { decision: 'allow' };
      },
      sharedLimits,
    });
    const run = async (policy: Policy) => {
      const sent: string[] = [];
      const events: RunEvent[] = [];
      await createRuntime().run({ ...mailer(sent), policy }, 'mail', {
        principal: { id: 'gil' },
        onEvent: (event) => events.push(event),
      });
      return { sent, reasons: decisionsOf(events).map((event) => event.reason ?? 'allowed') };
    };
    const named = await run(codePolicy((_action, context) => [{ key: `code:${context.principal?.id}`, max: 1 }]));
    expect(named.sent).toHaveLength(1);
    expect(named.reasons.filter((reason) => reason === 'allowed')).toHaveLength(1);
    const broken = await run(
      codePolicy(() => {
        throw new Error('bug');
      }),
    );
    expect(broken.sent).toEqual([]);
    expect(new Set(broken.reasons)).toEqual(new Set(['no quota (undefined)']));
  });
});
