/**
 * Hostile tool calls end to end through `runtime.run`: prototype keys, arguments that are not JSON objects, odd call
 * ids and tool names. Whatever the model writes, the run ends with a status, `run()` resolves and the log is
 * complete.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createRuntime } from '../runtime/runtime.js';
import { MemoryRunStore } from '../store/memory-store.js';
import { defineTool } from '../tools/define-tool.js';
import type { Tool } from '../tools/tool.js';
import { agentWith, batch, effectTool, lastResults, policyOf, runCollect } from './_test-kit.js';

import { call, checkComplete, errorsOf, expectNoPrototypePollution, raw } from './_hostile-kit.js';

expectNoPrototypePollution();

describe('prototype keys in tool arguments', () => {
  it('__proto__ in arguments pollutes nothing and the tool sees only own keys', async () => {
    const { tool, calls } = effectTool('write');
    const { agent, model } = agentWith(
      [
        raw([call('write', '{"__proto__":{"polluted":"yes","to":"x"},"constructor":{"prototype":{"polluted":1}}}')]),
        { text: 'done' },
      ],
      [tool],
    );
    const { result, runtime } = await runCollect(agent);
    expect(result.status).toBe('completed');
    expect(calls).toHaveLength(1);
    const input = calls[0] as Record<string, unknown>;
    // What the tool gets must not carry inherited attacker data.
    expect((input as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(input)).toBe(Object.prototype);
    await checkComplete(runtime.store as MemoryRunStore, result.runId);
    expect(model.used).toBe(2);
  });

  it('a deny rule on args.to is not bypassed by hiding `to` in __proto__', async () => {
    const executed: unknown[] = [];
    const send = defineTool({
      name: 'send_email',
      description: 'send',
      input: z.object({ to: z.string().optional(), body: z.string().optional() }).passthrough(),
      execute: (input) => {
        executed.push({ to: input.to, body: input.body });
        return 'sent';
      },
    });
    const policy = policyOf(`
version: 1
default: allow
rules:
  - id: no-evil
    tool: send_email
    deny: { args.to: { matches: "evil" } }
`);
    const { agent } = agentWith(
      [raw([call('send_email', '{"__proto__":{"to":"mallory@evil.example"},"body":"hi"}')]), { text: 'done' }],
      [send as Tool],
      policy,
    );
    const { result } = await runCollect(agent);
    expect(result.status).toBe('completed');
    // Either the call is denied, or the tool did not receive the evil recipient.
    for (const entry of executed) expect((entry as { to?: string }).to ?? '').not.toMatch(/evil/);
  });

  it('an allow rule with args constraint cannot be satisfied through __proto__ / constructor keys', async () => {
    const { tool, calls } = effectTool('transfer');
    const policy = policyOf(`
version: 1
default: deny
rules:
  - id: small
    tool: transfer
    allow: { args.amount: { lte: 100 } }
`);
    const { agent, model } = agentWith(
      [
        raw([call('transfer', '{"__proto__":{"amount":1},"amount":"1e9"}')]),
        raw([call('transfer', '{"constructor":{"amount":1}}', 'c2')]),
        { text: 'done' },
      ],
      [tool],
      policy,
    );
    const { result, events } = await runCollect(agent);
    expect(result.status).toBe('completed');
    expect(calls).toHaveLength(0);
    expect(errorsOf(events)).toEqual(['POLICY_DENIED', 'POLICY_DENIED']);
    expect(model.used).toBe(3);
  });
});

describe('arguments that are not JSON objects', () => {
  for (const [what, args] of [
    ['an array', '[1,2,3]'],
    ['a number', '42'],
    ['null', 'null'],
    ['true', 'true'],
    ['a JSON string that is not an object', '"hello"'],
  ] as const) {
    it(`arguments that are ${what}: the model reads TOOL_INPUT_INVALID and the run goes on`, async () => {
      const { tool, calls } = effectTool('write');
      const { agent, model } = agentWith([raw([call('write', args)]), { text: 'done' }], [tool]);
      const { result, events, runtime } = await runCollect(agent);
      expect(result.status).toBe('completed');
      expect(calls).toHaveLength(0);
      expect(errorsOf(events)).toEqual(['TOOL_INPUT_INVALID']);
      expect(model.used).toBe(2);
      await checkComplete(runtime.store as MemoryRunStore, result.runId);
    });
  }

  it('a double-encoded JSON object (a JSON string holding an object) is either refused or its repair journaled', async () => {
    const { tool, calls } = effectTool('write');
    const { agent } = agentWith(
      [raw([call('write', JSON.stringify(JSON.stringify({ a: 1 })))]), { text: 'done' }],
      [tool],
    );
    const { result, events } = await runCollect(agent);
    expect(result.status).toBe('completed');
    const intent = events.find((event) => event.type === 'tool-call');
    if (calls.length > 0) {
      // It ran on {a: 1}: what the model sent was a string, so this is a repair and the log must say so.
      expect(intent && 'repair' in intent && intent.repair).toBeTruthy();
    } else {
      expect(errorsOf(events)).toEqual(['TOOL_INPUT_INVALID']);
    }
  });

  for (const [what, args] of [
    ['an object (already parsed)', { a: 1 }],
    ['a number', 7],
    ['null', null],
    ['missing', undefined],
  ] as const) {
    it(`a tool call whose arguments field is ${what}: the run ends with a typed error or the model reads one; run() resolves`, async () => {
      const { tool } = effectTool('write');
      const { agent } = agentWith([raw([call('write', args)]), { text: 'done' }], [tool]);
      const { result, events, runtime } = await runCollect(agent);
      await checkComplete(runtime.store as MemoryRunStore, result.runId);
      if (result.status === 'failed') {
        expect(result.error?.code).toBe('MODEL_RESPONSE_INVALID');
      } else {
        expect(result.status).toBe('completed');
        expect(events.some((event) => event.type === 'tool-result' || event.type === 'tool-error')).toBe(true);
      }
    });
  }
});

describe('tool call ids and names', () => {
  it('duplicate toolCallIds within one batch and across steps: every call runs once and is journaled', async () => {
    const { tool, calls } = effectTool('write');
    const { agent, model } = agentWith(
      [
        raw([call('write', '{"n":1}', 'dup'), call('write', '{"n":2}', 'dup'), call('write', '{"n":3}', 'dup')]),
        raw([call('write', '{"n":4}', 'dup')]),
        { text: 'done' },
      ],
      [tool],
    );
    const { result, events, runtime } = await runCollect(agent);
    expect(result.status).toBe('completed');
    expect(calls).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }]);
    expect(events.filter((event) => event.type === 'tool-call')).toHaveLength(4);
    expect(events.filter((event) => event.type === 'tool-result')).toHaveLength(4);
    const syscalls = events.flatMap((event) => (event.type === 'tool-call' ? [event.syscallId] : []));
    expect(new Set(syscalls).size).toBe(4);
    expect(lastResults(model)).toHaveLength(1);
    await checkComplete(runtime.store as MemoryRunStore, result.runId);
  });

  it('duplicate toolCallIds under a per-run limit: the limit counts each call', async () => {
    const { tool, calls } = effectTool('delete');
    const policy = policyOf(`
version: 1
default: allow
rules:
  - id: rate
    tool: delete
    limit: { max: 1, per: run }
`);
    const { agent } = agentWith(
      [raw([call('delete', '{"f":1}', 'same'), call('delete', '{"f":2}', 'same')]), { text: 'done' }],
      [tool],
      policy,
    );
    const { result, events } = await runCollect(agent);
    expect(result.status).toBe('completed');
    expect(calls).toHaveLength(1);
    expect(errorsOf(events)).toEqual(['POLICY_DENIED']);
  });

  it('non-string toolCallIds (number, object, missing): the run resolves with a complete log', async () => {
    const { tool } = effectTool('write');
    const { agent } = agentWith(
      [raw([call('write', '{}', 7), call('write', '{}', { id: 1 }), call('write', '{}', undefined)]), { text: 'done' }],
      [tool],
    );
    const { result, runtime } = await runCollect(agent);
    await checkComplete(runtime.store as MemoryRunStore, result.runId);
    if (result.status === 'failed') expect(result.error?.code).toBe('MODEL_RESPONSE_INVALID');
    else expect(result.status).toBe('completed');
  });

  it('200 parallel calls under limit { max: 2, per: run }: exactly 2 execute, 198 are denied', async () => {
    const { tool, calls } = effectTool('send');
    const policy = policyOf(`
version: 1
default: allow
rules:
  - id: rate
    tool: send
    limit: { max: 2, per: run }
`);
    const many = Array.from({ length: 200 }, (_, i): [string, object] => ['send', { i }]);
    const { agent } = agentWith([batch(...many), { text: 'done' }], [tool], policy, { maxParallelTools: 16 } as never);
    const { result, events } = await runCollect(agent);
    expect(result.status).toBe('completed');
    expect(calls).toHaveLength(2);
    expect(errorsOf(events).filter((code) => code === 'POLICY_DENIED')).toHaveLength(198);
    expect(events.filter((event) => event.type === 'tool-call')).toHaveLength(200);
  });

  for (const name of ['__proto__', 'toString', 'hasOwnProperty', 'constructor', 'valueOf', '', ' write']) {
    it(`a call to a tool named ${JSON.stringify(name)} that does not exist: TOOL_NOT_FOUND, nothing runs`, async () => {
      const { tool, calls } = effectTool('write');
      const { agent, model } = agentWith([raw([call(name, '{}')]), { text: 'done' }], [tool]);
      const { result, events, runtime } = await runCollect(agent);
      expect(result.status).toBe('completed');
      expect(calls).toHaveLength(0);
      expect(errorsOf(events)).toEqual(['TOOL_NOT_FOUND']);
      expect(model.used).toBe(2);
      await checkComplete(runtime.store as MemoryRunStore, result.runId);
    });
  }

  it('prototype tool names under a role-bounded policy are denied or not found, never run', async () => {
    const { tool: read, calls } = effectTool('read', { readOnly: true });
    const policy = policyOf(`
version: 1
default: allow
roles:
  viewer: { tools: [read] }
`);
    const { agent } = agentWith(
      [raw([call('constructor', '{}'), call('toString', '{}', 'c2'), call('__proto__', '{}', 'c3')]), { text: 'done' }],
      [read],
      policy,
    );
    const runtime = createRuntime({ store: new MemoryRunStore() });
    const result = await runtime.run(agent, 'go', { principal: { id: 'u', roles: ['viewer'] } });
    expect(result.status).toBe('completed');
    expect(calls).toHaveLength(0);
  });

  it('a call to a tool hidden from the principal by its roles is refused even when the model names it', async () => {
    const { tool: read } = effectTool('read', { readOnly: true });
    const { tool: wipe, calls } = effectTool('wipe');
    const policy = policyOf(`
version: 1
default: allow
roles:
  viewer: { tools: [read] }
`);
    const { agent } = agentWith([raw([call('wipe', '{}')]), { text: 'done' }], [read, wipe], policy);
    const runtime = createRuntime({ store: new MemoryRunStore() });
    const result = await runtime.run(agent, 'go', { principal: { id: 'u', roles: ['viewer'] } });
    expect(result.status).toBe('completed');
    expect(calls).toHaveLength(0);
  });
});
