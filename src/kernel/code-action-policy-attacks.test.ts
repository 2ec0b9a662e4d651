import { describe, expect, it } from 'vitest';
import { MemoryRunStore } from '../store/memory-store.js';
import type { CodeActionResult } from './agent-kernel.js';

// Attacks on the promises of docs/codeact.md and docs/sandbox.md: tool calls made from inside code pass the same
// policy pipeline as a model's; stops kill the guest; the action library stores declarations with passing tests.

import { world, attack, remoteCounters, callsAfter, closeSandboxesAfterAll } from './_code-action-kit.js';

closeSandboxesAfterAll();

describe('code-action attacks: limits and temporal rules from inside code', () => {
  it('a per-run limit of 2 holds against 10 calls fired at once with Promise.all', async () => {
    const w = world();
    const { results, result } = await attack(
      w.tools,
      'version: 1\ndefault: allow\nrules:\n  - id: two-sends\n    tool: send\n    limit: { max: 2, per: run }\n',
      [
        `const settled = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => tools.send({ i })));
         return settled.map((s) => s.status === 'fulfilled' ? 'sent' : s.reason.code);`,
      ],
    );
    expect(result.status).toBe('completed');
    expect(w.count('send')).toBe(2);
    const value = results[0]!.value as string[];
    expect(value.filter((v) => v === 'sent')).toHaveLength(2);
    expect(value.filter((v) => v === 'POLICY_DENIED')).toHaveLength(8);
  });

  it('a per-run limit of 2 holds against a tight loop that catches each denial and calls again', async () => {
    const w = world();
    const { results } = await attack(
      w.tools,
      'version: 1\ndefault: allow\nrules:\n  - id: two-sends\n    tool: send\n    limit: { max: 2, per: run }\n',
      [
        `let denied = 0; for (let i = 0; i < 200; i++) { try { await tools.send({ i }); } catch (e) { if (e.code === 'POLICY_DENIED') denied++; } } return denied;`,
        // a second action of the same run does not get a fresh allowance
        `try { await tools.send({ again: true }); return 'sent'; } catch (e) { return e.code; }`,
      ],
    );
    expect(w.count('send')).toBe(2);
    expect(results[0]!.value).toBe(198);
    expect(results[1]!.value).toBe('POLICY_DENIED');
  });

  it('a per-principal (shared counters) limit of 2 holds against Promise.all of 10', async () => {
    const w = world();
    const { results } = await attack(
      w.tools,
      'version: 1\ndefault: allow\nrules:\n  - id: two-sends\n    tool: send\n    limit: { max: 2, per: principal }\n',
      [
        `const settled = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => tools.send({ i })));
         return settled.map((s) => s.status === 'fulfilled' ? 'sent' : s.reason.code);`,
      ],
      { principal: { id: 'p1' } },
    );
    expect(w.count('send')).toBe(2);
    expect((results[0]!.value as string[]).filter((v) => v === 'sent')).toHaveLength(2);
  });

  it('never-after: a send fired in the same Promise.all as read_secret, after it, is denied and never runs', async () => {
    const w = world();
    const { results } = await attack(
      w.tools,
      'version: 1\ndefault: allow\nrules:\n  - id: nothing-after-secrets\n    tool: send\n    deny: { history: { called: read_secret } }\n',
      [
        `const [a, b] = await Promise.allSettled([tools.read_secret({}), tools.send({ to: 'x' })]);
         return [a.status, b.status === 'rejected' ? b.reason.code : 'sent'];`,
        `try { await tools.send({ to: 'later action' }); return 'sent'; } catch (e) { return e.code; }`,
      ],
    );
    expect(results[0]!.value).toEqual(['fulfilled', 'POLICY_DENIED']);
    expect(results[1]!.value).toBe('POLICY_DENIED');
    expect(w.count('send')).toBe(0);
  });

  it('derivedFrom: a value returned by one code action and sent by the next is still caught', async () => {
    const w = world();
    const { results } = await attack(
      w.tools,
      'version: 1\ndefault: allow\nlabels:\n  untrusted: [read_inbox]\nrules:\n  - id: no-exfil\n    tool: send\n    deny: { args: { derivedFrom: untrusted } }\n',
      [
        `const m = await tools.read_inbox({}); return m.body.match(/DE[0-9]+/)[0];`,
        // the model would copy the previous observation into the next action: here the IBAN, split in a template
        `const iban = 'DE8937040044' + '0532013000'; try { await tools.send({ note: 'for ' + iban }); return 'sent'; } catch (e) { return e.code; }`,
      ],
    );
    expect(results[0]!.labels).toContain('untrusted');
    expect(results[1]!.value).toBe('POLICY_DENIED');
    expect(w.count('send')).toBe(0);
  });
});

describe('code-action attacks: stops (halt, ask) from inside code', () => {
  const haltPolicy =
    'version: 1\ndefault: allow\nrules:\n  - id: stop\n    tool: stop_here\n    deny: true\n    fallback: { halt: "stopped by policy" }\n';

  it('code that catches the halt and goes on calling tools runs nothing more; the run ends halted', async () => {
    const w = world();
    const { result, log } = await attack(w.tools, haltPolicy, [
      `try { await tools.stop_here({}); } catch (e) { console.log('caught', e.code); }
       for (let i = 0; i < 50; i++) { try { await tools.send({ i }); } catch {} }
       return 'survived';`,
    ]);
    expect(result.status).toBe('halted');
    expect(w.count('send')).toBe(0);
    expect(log.some((event) => event.type === 'code-end')).toBe(false);
    expect(log.at(-1)?.type).toBe('run-end');
  });

  it('a send fired in the same Promise.all after a halting call does not run', async () => {
    const w = world();
    const { result, log } = await attack(w.tools, haltPolicy, [
      `await Promise.allSettled([tools.stop_here({}), tools.send({ a: 1 }), tools.send({ a: 2 })]); return 'x';`,
    ]);
    expect(result.status).toBe('halted');
    expect(w.count('send')).toBe(0);
    expect(callsAfter(log, (e) => e.type === 'tool-error' && e.toolName === 'stop_here')).toEqual([]);
  });

  it('a send fired in the same Promise.all after a call that asks a human does not run before the approval', async () => {
    const w = world();
    const { result, log } = await attack(
      w.tools,
      'version: 1\ndefault: allow\nrules:\n  - id: charges-need-a-human\n    tool: charge\n    ask: true\n',
      [`await Promise.all([tools.charge({ amount: 5 }), tools.send({ after: 'charge' })]); return 'x';`],
    );
    expect(result.status).toBe('awaiting_approval');
    expect(w.count('charge')).toBe(0);
    expect(w.count('send')).toBe(0);
    expect(callsAfter(log, (e) => e.type === 'tool-approval-request')).toEqual([]);
  });

  // With a `per: principal` limit the ask's decision waits for the shared counters; a call the guest fired
  // right after it then queues behind it in the decision gate, is decided after the ask, and runs.
  it('with a shared limit on the asked tool, a send fired after the ask in the same Promise.all does not run', async () => {
    const w = world();
    const { result, log } = await attack(
      w.tools,
      `version: 1
default: allow
rules:
  - id: charges-need-a-human
    tool: charge
    ask: true
  - id: charge-quota
    tool: charge
    limit: { max: 100, per: principal }
`,
      [`await Promise.all([tools.charge({ amount: 5 }), tools.send({ after: 'charge' })]); return 'x';`],
      { principal: { id: 'p1' } },
    );
    expect(result.status).toBe('awaiting_approval');
    expect(w.count('charge')).toBe(0);
    // the promise: "a call that must wait for a human aborts the sandbox"; batches "stop together"
    expect(w.count('send')).toBe(0);
    expect(callsAfter(log, (e) => e.type === 'tool-approval-request')).toEqual([]);
  });

  it('with a shared limit on the halting tool, a send fired after the halt in the same Promise.all does not run', async () => {
    const w = world();
    const { result, log } = await attack(
      w.tools,
      `${haltPolicy}  - id: stop-quota
    tool: stop_here
    limit: { max: 100, per: principal }
`,
      [`await Promise.allSettled([tools.stop_here({}), tools.send({ after: 'halt' })]); return 'x';`],
      { principal: { id: 'p1' } },
    );
    expect(result.status).toBe('halted');
    expect(w.count('send')).toBe(0);
    expect(callsAfter(log, (e) => e.type === 'tool-error' && e.toolName === 'stop_here')).toEqual([]);
  });

  it('with remote shared counters, a send fired after an ask in the same Promise.all does not run', async () => {
    const w = world();
    const { result, log } = await attack(
      w.tools,
      `version: 1
default: allow
rules:
  - id: charges-need-a-human
    tool: charge
    ask: true
  - id: charge-quota
    tool: charge
    limit: { max: 100, per: principal }
`,
      [`await Promise.all([tools.charge({ amount: 5 }), tools.send({ after: 'charge' })]); return 'x';`],
      { principal: { id: 'p1' }, counters: remoteCounters() },
    );
    expect(result.status).toBe('awaiting_approval');
    expect(w.count('charge')).toBe(0);
    // docs/codeact.md: "a call that must wait for a human aborts the sandbox"; docs/kernel.md: once a call
    // "asks a human ... no further call of the batch starts"
    expect(w.count('send')).toBe(0);
    expect(callsAfter(log, (e) => e.type === 'tool-approval-request')).toEqual([]);
  });

  it('with remote shared counters, a send fired after a halting call in the same Promise.all does not run', async () => {
    const w = world();
    const { result, log } = await attack(
      w.tools,
      `${haltPolicy}  - id: stop-quota
    tool: stop_here
    limit: { max: 100, per: principal }
`,
      [`await Promise.allSettled([tools.stop_here({}), tools.send({ after: 'halt' })]); return 'x';`],
      { principal: { id: 'p1' }, counters: remoteCounters() },
    );
    expect(result.status).toBe('halted');
    expect(w.count('send')).toBe(0);
    expect(callsAfter(log, (e) => e.type === 'tool-error' && e.toolName === 'stop_here')).toEqual([]);
  });

  it('with remote shared counters, a per-principal limit of 2 holds against Promise.all of 10', async () => {
    const w = world();
    await attack(
      w.tools,
      'version: 1\ndefault: allow\nrules:\n  - id: two-sends\n    tool: send\n    limit: { max: 2, per: principal }\n',
      [`await Promise.allSettled(Array.from({ length: 10 }, (_, i) => tools.send({ i }))); return 1;`],
      { principal: { id: 'p1' }, counters: remoteCounters() },
    );
    expect(w.count('send')).toBe(2);
  });

  it('resume after an approval asked from inside code: the side effect before the ask is not repeated', async () => {
    const w = world();
    const store = new MemoryRunStore();
    const policy =
      'version: 1\ndefault: allow\nrules:\n  - id: charges-need-a-human\n    tool: charge\n    ask: true\n';
    const program = `const s = await tools.send({ first: true }); const r = Math.random();
      const c = await tools.charge({ amount: 7 }); const s2 = await tools.send({ second: true });
      return { s, c, s2, r };`;
    const first = await attack(w.tools, policy, [program], { store, runId: 'run_attack_resume' });
    expect(first.result.status).toBe('awaiting_approval');
    expect(w.count('send')).toBe(1);
    await first.runtime.approvals.approve(first.result.approvalId!, { by: 'ops' });
    const done = await first.runtime.resume(first.agent, 'run_attack_resume');
    expect(done.status).toBe('completed');
    expect(w.count('send')).toBe(2);
    expect(w.count('charge')).toBe(1);
    const value = (done.output as unknown as CodeActionResult[])[0]!.value as Record<string, any>;
    expect(value.s).toEqual({ ok: true, n: 1 });
    const log = await store.readEvents('run_attack_resume');
    expect(log.filter((event) => event.type === 'code-end')).toHaveLength(1);
    expect(log.filter((event) => event.type === 'tool-result' && event.toolName === 'send')).toHaveLength(2);
  });
});
