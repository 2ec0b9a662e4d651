/**
 * The simulated provider of the scheduler bench in a worker thread of its own, so that its latency and its own
 * rate limit do not depend on how busy the client's event loop is (a real provider's do not either).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type ProviderLimits, startSimulatedProvider } from './scheduler-server.js';

const { server, counts } = await startSimulatedProvider(workerData as ProviderLimits);
parentPort?.on('message', async (message: string) => {
  if (message !== 'close') return;
  await server.close();
  parentPort?.postMessage({ type: 'closed', counts });
});
parentPort?.postMessage({ type: 'ready', url: server.url });
