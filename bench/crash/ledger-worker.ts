/**
 * One worker process of the crash trials: `node --import tsx ledger-worker.ts '<settings JSON>'`.
 * Prints `ready`, then one line per model call, tool intent and effect (`<kind> <runId> <step>`), pausing a
 * few milliseconds after each so that a SIGKILL sent on that line lands at that point of the run.
 */
import { createPostgresStore } from '../../src/store/index.js';
import { createWorker } from '../../src/workers/index.js';
import { Ledger } from './ledger.js';
import { ledgerAgent } from './ledger-agent.js';

interface Settings {
  connectionString: string;
  storeSchema: string;
  ledgerSchema: string;
  prefix: string;
  leaseTtlMs: number;
  concurrency: number;
  lingerMs: number;
  id: string;
}

const settings = JSON.parse(process.argv[2]!) as Settings;
const ledger = await Ledger.open(settings.connectionString, settings.ledgerSchema);
const store = await createPostgresStore({ connectionString: settings.connectionString, schema: settings.storeSchema });
const linger = () => new Promise((resolve) => setTimeout(resolve, settings.lingerMs));
const agent = ledgerAgent(ledger, async (kind, runId, step) => {
  process.stdout.write(`${kind} ${runId} ${step}\n`);
  await linger();
});
await createWorker({
  store,
  agents: { ledger: agent },
  prefix: settings.prefix,
  concurrency: settings.concurrency,
  id: settings.id,
  leaseTtlMs: settings.leaseTtlMs,
  onError: (error) => process.stderr.write(`worker error: ${error.message}\n`),
});
process.stdout.write('ready\n');
