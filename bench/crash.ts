/**
 * `npm run bench -- crash [--trials 200] [--workers 3] [--seed N] [--lease-ttl 1000]`: SIGKILL trials of
 * worker processes (BullMQ on Redis, PostgreSQL store and ledger); writes bench/results/crash.json.
 * Needs PostgreSQL (WARDEN_CRASH_POSTGRES_URL, default the local test database) and Redis (WARDEN_REDIS_URL).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runCrashTrials } from './crash/crash-trials.js';

export async function runCrashBench(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      trials: { type: 'string', default: '200' },
      workers: { type: 'string', default: '3' },
      seed: { type: 'string' },
      'lease-ttl': { type: 'string', default: '1000' },
      out: { type: 'string', default: new URL('./results/crash.json', import.meta.url).pathname },
    },
  });
  const number = (name: string, text: string | undefined) => {
    const value = Number(text);
    if (!Number.isInteger(value) || value <= 0) throw new TypeError(`--${name} must be a positive whole number.`);
    return value;
  };
  const seed = values.seed === undefined ? Date.now() % 2 ** 31 : number('seed', values.seed);
  const report = await runCrashTrials({
    trials: number('trials', values.trials),
    workers: number('workers', values.workers),
    leaseTtlMs: number('lease-ttl', values['lease-ttl']),
    seed,
    connectionString: process.env.WARDEN_CRASH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    ...(process.env.WARDEN_REDIS_URL && { redisUrl: process.env.WARDEN_REDIS_URL }),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  const result = { ...report, seed, measuredAt: new Date().toISOString() };
  writeFileSync(values.out!, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
