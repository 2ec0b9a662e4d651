import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import { z } from 'zod';
import type { RunEvent } from '../core/events.js';
import { parsePolicy } from '../policy/parse-policy.js';
import { ScriptedModel } from '../testing/scripted-model.js';
import { dropRedisPrefix, testSchemas } from '../testing/service-test-kit.js';
import { defineTool } from '../tools/define-tool.js';
import { defineAgent } from './define-agent.js';

export const schemas = testSchemas('concurrency');
export const directory = mkdtempSync(join(tmpdir(), 'warden-concurrency-'));
export const redisPrefixes: string[] = [];
export const closers: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const close of closers) await close().catch(() => undefined);
  rmSync(directory, { recursive: true, force: true });
  await schemas.drop();
  for (const prefix of redisPrefixes) await dropRedisPrefix(prefix);
});

export const tag = () => randomBytes(3).toString('hex');
export const dbPath = () => join(directory, `${tag()}.db`);

export function policyOf(yaml: string) {
  return parsePolicy(yaml, { file: 'inline.yaml' }).policy;
}

/** A mailer agent: one batch of `batch` send_email calls, then an answer. `sent` collects every execution. */
export function mailer(sent: string[], policy: ReturnType<typeof policyOf>, batch = 3, name = 'mailer') {
  const sendEmail = defineTool({
    name: 'send_email',
    description: 'Send an email',
    input: z.object({ to: z.string() }),
    execute: async ({ to }) => {
      sent.push(to);
      return { sent: true };
    },
  });
  const calls = Array.from({ length: batch }, (_, i) => ({ name: 'send_email', input: { to: `u${i}@acme.example` } }));
  return defineAgent({
    name,
    model: new ScriptedModel([{ toolCalls: calls }, { text: 'done' }]),
    tools: [sendEmail],
    policy,
    maxParallelTools: batch,
  });
}

export function decisions(events: RunEvent[], action: string) {
  return events.flatMap((event) => (event.type === 'policy-decision' && event.action === action ? [event] : []));
}

/** The log's invariants: seq 0..n-1 once each, run-end (if any) last and only once. */
export function expectConsistentLog(log: RunEvent[]) {
  expect(log.map((event) => event.seq)).toEqual(log.map((_, i) => i));
  const ends = log.filter((event) => event.type === 'run-end');
  expect(ends.length).toBeLessThanOrEqual(1);
  if (ends.length === 1) expect(log.at(-1)?.type).toBe('run-end');
}

/** Every `pay` asks a human. */
export const askPolicy = policyOf(`
version: 1
name: probe-ask
default: allow
rules:
  - id: human
    tool: pay
    ask: true
`);

/** A payer agent: one `pay` call (asked for), then an answer; `ledger` collects every payment with its key. */
export function payer(ledger: string[], steps?: ConstructorParameters<typeof ScriptedModel>[0]) {
  const pay = defineTool({
    name: 'pay',
    description: 'Pay',
    input: z.object({ amount: z.number() }),
    execute: async ({ amount }, context) => {
      ledger.push(`${context.idempotencyKey}:${amount}`);
      return { paid: amount };
    },
  });
  const model = new ScriptedModel(steps ?? [{ toolCalls: [{ name: 'pay', input: { amount: 7 } }] }, { text: 'paid' }]);
  return defineAgent({ name: 'payer', model, tools: [pay], policy: askPolicy });
}
