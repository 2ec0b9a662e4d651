/**
 * One OS process of the cross-process limit test: opens the shared counters named on the command line, waits for
 * "go" on stdin (so every process races at once), runs `runs` runs of `principal` whose model asks for `batch`
 * parallel `send` calls, records each executed send in an external PostgreSQL ledger, and prints what its journals
 * say: `{"allowed": n, "denied": n, "reasons": [...]}`.
 * argv: kind url namespace principal tenant runs batch principalMax tenantMax ledgerTable
 */
import { createInterface } from 'node:readline';
import pg from 'pg';
import { z } from 'zod';
import type { RunEvent } from '../core/events.js';
import { parsePolicy } from '../policy/parse-policy.js';
import { createRuntime, defineAgent } from '../runtime/index.js';
import { ScriptedModel } from '../testing/scripted-model.js';
import { defineTool } from '../tools/define-tool.js';
import { openCounters } from './open-counters.js';

const [kind, url, namespace, principal, tenant, runs, batch, principalMax, tenantMax, ledgerTable] =
  process.argv.slice(2);
const ledger = new pg.Client({
  connectionString: process.env.WARDEN_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
});
await ledger.connect();
const counters = await openCounters(
  kind === 'postgres'
    ? { kind: 'postgres', url: url!, schema: namespace! }
    : { kind: 'redis', url: url!, prefix: `${namespace}:` },
);
const { policy } = parsePolicy(
  `
version: 1
name: race-${namespace}
default: allow
rules:
  - id: principal-cap
    tool: send
    limit: { max: ${principalMax}, per: principal, window: 1h }
    fallback: { respond: "principal quota used" }
  - id: tenant-cap
    tool: send
    limit: { max: ${tenantMax}, per: tenant }
`,
  { file: 'race.yaml' },
);
const send = defineTool({
  name: 'send',
  description: 'Send',
  input: z.object({ n: z.number() }),
  execute: async ({ n }) => {
    await ledger.query(`INSERT INTO ${ledgerTable} (worker, principal, n) VALUES ($1, $2, $3)`, [
      process.pid,
      principal,
      n,
    ]);
    return { sent: n };
  },
});
const runtime = createRuntime({ counters });
console.log('ready');
await new Promise<void>((resolve) => createInterface({ input: process.stdin }).once('line', () => resolve()));

const events: RunEvent[] = [];
await Promise.all(
  Array.from({ length: Number(runs) }, (_, run) => {
    const calls = Array.from({ length: Number(batch) }, (_, i) => ({ name: 'send', input: { n: run * 100 + i } }));
    const agent = defineAgent({
      name: 'racer',
      model: new ScriptedModel([{ toolCalls: calls }, { text: 'done' }]),
      tools: [send],
      policy,
      maxParallelTools: Number(batch),
    });
    return runtime.run(agent, 'send all', {
      principal: { id: principal!, tenant: tenant! },
      onEvent: (event) => events.push(event),
    });
  }),
);
const decisions = events.flatMap((event) =>
  event.type === 'policy-decision' && event.action === 'send' ? [event] : [],
);
console.log(
  JSON.stringify({
    allowed: decisions.filter((event) => event.decision === 'allow').length,
    denied: decisions.filter((event) => event.decision === 'deny').length,
    reasons: [...new Set(decisions.flatMap((event) => (event.decision === 'deny' ? [event.reason] : [])))],
  }),
);
await counters.close();
await ledger.end();
