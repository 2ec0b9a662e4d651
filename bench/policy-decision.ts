/**
 * Policy decision latency: a realistic policy (argument regexes and comparisons, templates, history and
 * rate rules, `derivedFrom` over ~50 labelled results) deciding a stream of tool calls.
 * `npx tsx bench/policy-decision.ts [--rules 100] [--decisions 100000] [--batch 10]` prints JSON.
 */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${…}` is policy template syntax, not a mistaken JS template.
import { pathToFileURL } from 'node:url';
import { seededRandom } from '../src/core/ids.js';
import type { HistoryEntry, PolicyContext, ToolAction } from '../src/policy/policy.js';
import type { PolicyDefinition, RuleDefinition } from '../src/policy/policy-definition.js';
import { definePolicy } from '../src/policy/define-policy.js';

/** Options of the policy decision bench. */
export interface PolicyDecisionBenchOptions {
  /** @default 100 */
  rules?: number;
  /** @default 100000 */
  decisions?: number;
  /** Decisions timed together; each batch yields one per-decision sample. @default 10 */
  batch?: number;
  /** Labelled results in the history. @default 50 */
  history?: number;
}

/** Per-decision latency in microseconds. */
export interface PolicyDecisionBenchResult {
  rules: number;
  decisions: number;
  batch: number;
  historyEntries: number;
  p50Us: number;
  p99Us: number;
  meanUs: number;
  maxUs: number;
  decisionCounts: Record<string, number>;
}

const tools = [
  'send_email',
  'read_email',
  'search_emails',
  'send_money',
  'schedule_transaction',
  'get_balance',
  'read_file',
  'write_file',
  'delete_file',
  'http_fetch',
  'post_message',
  'create_event',
  'update_password',
  'get_user_info',
  'search_web',
];
const outbound = ['send_email', 'post_message', 'http_fetch', 'send_money', 'schedule_transaction', 'write_file'];

/** Builds `count` rules cycling through realistic rule shapes. */
export function benchRules(count: number): RuleDefinition[] {
  const shapes: Array<(n: number) => RuleDefinition> = [
    (n) => ({ tool: 'send_email', allow: { 'args.to': { matches: `^[a-z.]+@(acme|partner${n})\\.example$` } } }),
    (n) => ({ tool: pick(outbound, n), deny: { 'args.body': { derivedFrom: 'untrusted' } } }),
    (n) => ({ tool: ['send_money', 'schedule_transaction'], ask: { 'args.amount': { gt: 1000 + n } } }),
    (n) => ({
      tool: ['send_money', 'schedule_transaction'],
      deny: {
        'args.iban': { notIn: '${principal.knownRecipients}' },
        context: { tainted: true },
        'run.step': { gt: n },
      },
    }),
    (n) => ({
      tool: pick(tools, n),
      deny: { history: { called: 'update_password' }, 'args.secret': { exists: true } },
    }),
    (n) => ({ tool: 'read_file', allow: { 'args.path': { within: `/home/user${n % 3}` } } }),
    (n) => ({ tool: 'write_file', deny: { 'args.path': { startsWith: `/etc/${n}` } } }),
    (n) => ({ tool: pick(tools, n + 3), limit: { max: 50 + n, per: 'run' } }),
    (n) => ({ tool: '*', deny: { history: { sameCallInARow: { gte: 3 + (n % 2) } } } }),
    (n) => ({
      tool: 'http_fetch',
      deny: { 'args.url': { derivedFrom: n % 2 ? ['untrusted', 'external'] : 'untrusted' } },
    }),
    (n) => ({
      tool: pick(tools, n),
      allow: { 'principal.tenant': { in: ['acme', `t${n}`] }, 'args.limit': { lte: 100 } },
    }),
    (n) => ({ tool: 'search_emails', allow: { 'args.query': { length: { lte: 200 + n } } } }),
    (n) => ({
      tool: pick(outbound, n + 1),
      deny: { history: { count: { tool: pick(outbound, n + 2), gte: 20 + n } } },
    }),
    (n) => ({ tool: 'post_message', deny: { 'args.channel': { matches: `^(private|secret)-${n}` } } }),
    (n) => ({ tool: 'delete_file', deny: { history: { notCalled: 'read_file' }, 'run.step': { gte: n } } }),
    (n) => ({
      tool: pick(tools, n + 5),
      allow: { any: [{ 'principal.roles': { contains: 'admin' } }, { 'run.costUsd': { lt: 1 + n } }] },
    }),
  ];
  return Array.from({ length: count }, (_, index) => ({
    id: `rule-${index}`,
    ...(shapes[index % shapes.length] as (n: number) => RuleDefinition)(index),
  }));
}

/** The bench policy: `rules` rules, email and fetched pages labelled untrusted. */
export function benchPolicy(rules: number): PolicyDefinition {
  return {
    default: 'deny',
    labels: { untrusted: ['read_email', 'http_fetch'], external: [{ source: 'mcp:*' }] },
    rules: benchRules(rules),
  };
}

/** ~`count` labelled tool results: untrusted emails and pages with addresses, links and account numbers. */
export function benchHistory(count: number, random: () => number): HistoryEntry[] {
  return Array.from({ length: count }, (_, index) => {
    const tool = index % 3 === 0 ? 'http_fetch' : 'read_email';
    const output = {
      from: `sender${index}@external${index % 7}.example`,
      subject: `Quarterly update ${index}`,
      body: `Hello team, please review the attached report number ${Math.floor(random() * 1e6)} before Friday. Details at https://docs.external${index}.example/report/${index}?ref=mail. For payments use DE89 3704 0044 0532 0130 ${String(index).padStart(2, '0')}. Files are in /shared/reports/q${index}.pdf. ${'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(3)}`,
    };
    return {
      action: { kind: 'tool', tool, source: 'local', args: { id: index }, toolCallId: `h${index}` },
      decision: 'allow',
      output,
      labels: [`source:${tool}`, 'untrusted'],
      time: index,
    } satisfies HistoryEntry;
  });
}

function benchActions(count: number, random: () => number): ToolAction[] {
  const make = (tool: string, args: unknown, index: number): ToolAction => ({
    kind: 'tool',
    tool,
    source: 'local',
    args,
    toolCallId: `c${index}`,
  });
  return Array.from({ length: count }, (_, index) => {
    const kind = Math.floor(random() * 8);
    const n = Math.floor(random() * 50);
    switch (kind) {
      case 0:
        return make(
          'send_email',
          { to: 'bob@acme.example', subject: 'Notes', body: `Meeting notes for item ${n}, see you tomorrow.` },
          index,
        );
      case 1:
        return make(
          'send_email',
          { to: `sender${n}@external${n % 7}.example`, body: 'Here is what you asked for.' },
          index,
        );
      case 2:
        return make('send_money', { iban: 'DE89370400440532013000', amount: n * 100, subject: 'Rent' }, index);
      case 3:
        return make('read_file', { path: `/home/user${n % 3}/notes/${n}.txt` }, index);
      case 4:
        return make('http_fetch', { url: `https://docs.external${n}.example/report/${n}?ref=mail` }, index);
      case 5:
        return make('search_emails', { query: `invoice ${n}`, limit: 20 }, index);
      case 6:
        return make('post_message', { channel: `general-${n}`, body: `Status: all good on ticket ${n}.` }, index);
      default:
        return make('write_file', { path: `/home/user0/out/${n}.txt`, body: `Report ${n}` }, index);
    }
  });
}

/** Runs the bench; with an argv array (from `npm run bench -- policy …`) it also prints the JSON. */
export async function runPolicyDecisionBench(
  input: PolicyDecisionBenchOptions | readonly string[] = {},
): Promise<PolicyDecisionBenchResult> {
  const fromArgv = Array.isArray(input);
  const options: PolicyDecisionBenchOptions = fromArgv ? parseArgv(input) : (input as PolicyDecisionBenchOptions);
  const { rules = 100, decisions = 100_000, batch = 10, history: historySize = 50 } = options;
  const random = seededRandom(42);
  const policy = definePolicy(benchPolicy(rules));
  const history = benchHistory(historySize, random);
  const context: PolicyContext = {
    runId: 'bench',
    principal: {
      id: 'alice',
      roles: ['user'],
      tenant: 'acme',
      attributes: { knownRecipients: ['DE89370400440532013000'] },
    },
    run: { step: 12, costUsd: 0.1, tokens: 5000, elapsedMs: 1000, agent: 'bench' },
    history,
    now: 1000,
  };
  const actions = benchActions(1000, random);
  const decisionCounts: Record<string, number> = { allow: 0, deny: 0, ask: 0 };
  for (let index = 0; index < 5000; index++) policy.decide(actions[index % actions.length] as ToolAction, context);
  const batches = Math.max(1, Math.floor(decisions / batch));
  const samples = new Float64Array(batches);
  let total = 0n;
  for (let b = 0; b < batches; b++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < batch; i++) {
      const decision = policy.decide(actions[(b * batch + i) % actions.length] as ToolAction, context);
      decisionCounts[decision.decision] = (decisionCounts[decision.decision] ?? 0) + 1;
    }
    const elapsed = process.hrtime.bigint() - start;
    total += elapsed;
    samples[b] = Number(elapsed) / batch / 1000;
  }
  samples.sort();
  const at = (quantile: number) =>
    round(samples[Math.min(samples.length - 1, Math.floor(quantile * samples.length))] ?? 0);
  const result: PolicyDecisionBenchResult = {
    rules,
    decisions: batches * batch,
    batch,
    historyEntries: history.length,
    p50Us: at(0.5),
    p99Us: at(0.99),
    meanUs: round(Number(total) / (batches * batch) / 1000),
    maxUs: round(samples[samples.length - 1] ?? 0),
    decisionCounts,
  };
  if (fromArgv) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  return result;
}

function parseArgv(argv: readonly string[]): PolicyDecisionBenchOptions {
  const options: Record<string, number> = {};
  for (let index = 0; index < argv.length; index += 2) {
    const key = argv[index]?.replace(/^--/, '');
    const value = Number(argv[index + 1]);
    if (!key || !['rules', 'decisions', 'batch', 'history'].includes(key) || !Number.isInteger(value) || value <= 0) {
      throw new TypeError(
        `Unknown or invalid option ${argv[index]} ${argv[index + 1] ?? ''}: use --rules, --decisions, --batch, --history with positive integers.`,
      );
    }
    options[key] = value;
  }
  return options;
}

function pick<T>(list: readonly T[], index: number): T {
  return list[index % list.length] as T;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runPolicyDecisionBench(process.argv.slice(2));
}
