import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresStore } from '../../store/index.js';
import { startOpenAITestServer } from '../../testing/openai-test-server/index.js';
import { dropRedisPrefix, testPostgresUrl, testSchemas } from '../../testing/service-test-kit.js';
import { memoryIO } from '../io.js';
import { runCommand } from '../run-command.js';

const schemas = testSchemas('cli_worker');
const prefix = `warden-test-cli-${randomBytes(4).toString('hex')}`;
afterAll(async () => {
  await schemas.drop();
  await dropRedisPrefix(prefix);
});

describe('warden worker and warden run --queue', () => {
  it('a queued run is executed by the worker, journaled to PostgreSQL, and its result printed', async () => {
    const server = await startOpenAITestServer({ script: [{ text: 'answered by a worker' }] });
    const dir = mkdtempSync(join(tmpdir(), 'warden-cli-worker-'));
    const schema = schemas.fresh();
    const store = `${testPostgresUrl}?schema=${schema}`;
    writeFileSync(
      join(dir, 'warden.yaml'),
      `models:\n  local: { provider: openai-compatible, baseURL: "${server.url}", model: scripted, apiKey: test }\nagents:\n  helper:\n    model: local\nstore: "${store}"\n`,
    );
    const stop = new AbortController();
    const workerIO = memoryIO({ cwd: dir, env: {}, signal: stop.signal });
    const worker = runCommand(['worker', '--concurrency', '2', '--prefix', prefix], workerIO);
    const io = memoryIO({ cwd: dir, env: {} });
    const code = await runCommand(['run', 'helper', 'hello', '--queue', '--prefix', prefix, '--json'], io);
    stop.abort();
    expect(await worker).toBe(0);
    expect(code).toBe(0);
    const result = JSON.parse(io.out()) as { runId: string; status: string; output: string };
    expect(result).toMatchObject({ status: 'completed', output: 'answered by a worker' });
    expect(workerIO.err()).toMatch(/Worker worker-\w+@.+: 2 run\(s\) at a time, journaling to postgres:/);
    const check = await createPostgresStore({ connectionString: testPostgresUrl, schema });
    expect(await check.getRun(result.runId)).toMatchObject({ status: 'completed', agent: 'helper' });
    await check.close();
    await server.close();
  }, 60_000);
});
