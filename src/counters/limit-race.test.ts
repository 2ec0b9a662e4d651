import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropRedisPrefix, testPostgresUrl, testSchemas } from '../testing/service-test-kit.js';

const worker = fileURLToPath(new URL('./limit-race.worker.ts', import.meta.url));
const schemas = testSchemas('limitrace');
const prefixes: string[] = [];
const ledgerTable = `warden_limit_race_ledger_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: testPostgresUrl });

beforeAll(async () => {
  await admin.connect();
  await admin.query(`CREATE TABLE ${ledgerTable} (worker INT, principal TEXT, n INT)`);
});
afterAll(async () => {
  await admin.query(`DROP TABLE IF EXISTS ${ledgerTable}`);
  await admin.end();
  await schemas.drop();
  for (const prefix of prefixes) await dropRedisPrefix(prefix);
});

interface Report {
  allowed: number;
  denied: number;
  reasons: string[];
}

/** Starts one worker process per principal, lets them all go at once, and collects their reports. */
async function race(
  kind: 'postgres' | 'redis',
  principals: string[],
  limits: { principalMax: number; tenantMax: number; runs: number; batch: number },
): Promise<{ reports: Report[]; ledger: Map<string, number> }> {
  const namespace = kind === 'postgres' ? schemas.fresh() : `warden-test-race-${randomBytes(4).toString('hex')}`;
  if (kind === 'redis') prefixes.push(namespace);
  const url = kind === 'postgres' ? testPostgresUrl : 'redis://127.0.0.1:6379';
  const tenant = `acme-${randomBytes(3).toString('hex')}`;
  const children: ChildProcess[] = principals.map((principal) =>
    spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        worker,
        kind,
        url,
        namespace,
        principal,
        tenant,
        String(limits.runs),
        String(limits.batch),
        String(limits.principalMax),
        String(limits.tenantMax),
        ledgerTable,
      ],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    ),
  );
  const outputs = children.map((child) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      err += chunk;
    });
    const ready = new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', () => out.includes('ready\n') && resolve());
      child.once('exit', (code) => reject(new Error(`worker exited ${code} before ready: ${err}`)));
    });
    const done = new Promise<Report>((resolve, reject) => {
      child.once('exit', (code) => {
        const last = out.trim().split('\n').at(-1) ?? '';
        if (code === 0) resolve(JSON.parse(last) as Report);
        else reject(new Error(`worker exited ${code}: ${err}`));
      });
    });
    return { ready, done };
  });
  await Promise.all(outputs.map((output) => output.ready));
  for (const child of children) child.stdin?.end('go\n');
  const reports = await Promise.all(outputs.map((output) => output.done));
  const { rows } = await admin.query<{ principal: string; count: string }>(
    `SELECT principal, count(*) FROM ${ledgerTable} WHERE principal = ANY($1) GROUP BY principal`,
    [principals.map((p) => p)],
  );
  return { reports, ledger: new Map(rows.map((row) => [row.principal, Number(row.count)])) };
}

for (const kind of ['postgres', 'redis'] as const) {
  describe(`limits across OS processes sharing ${kind} counters`, () => {
    it('four processes of one principal, parallel batches: exactly max allowed in total, the rest denied by the rule', async () => {
      const principal = `alice-${kind}-${randomBytes(3).toString('hex')}`;
      const { reports, ledger } = await race(kind, [principal, principal, principal, principal], {
        principalMax: 7,
        tenantMax: 1000,
        runs: 3,
        batch: 6,
      });
      const allowed = reports.reduce((sum, report) => sum + report.allowed, 0);
      const denied = reports.reduce((sum, report) => sum + report.denied, 0);
      expect(allowed).toBe(7);
      expect(denied).toBe(4 * 3 * 6 - 7);
      expect(ledger.get(principal)).toBe(7);
      expect(new Set(reports.flatMap((report) => report.reasons))).toEqual(
        new Set(['Denied by rule "principal-cap": the limit of 7 per principal is reached.']),
      );
    }, 60_000);

    it('a tenant limit holds across two principals of the tenant in four processes', async () => {
      const tag = randomBytes(3).toString('hex');
      const [p1, p2] = [`p1-${kind}-${tag}`, `p2-${kind}-${tag}`];
      const { reports, ledger } = await race(kind, [p1, p2, p1, p2], {
        principalMax: 100,
        tenantMax: 9,
        runs: 2,
        batch: 5,
      });
      expect(reports.reduce((sum, report) => sum + report.allowed, 0)).toBe(9);
      expect((ledger.get(p1) ?? 0) + (ledger.get(p2) ?? 0)).toBe(9);
      expect(new Set(reports.flatMap((report) => report.reasons))).toEqual(
        new Set(['Denied by rule "tenant-cap": the limit of 9 per tenant is reached.']),
      );
    }, 60_000);
  });
}
