// The worker's entry: registers tsx in the worker (hooks of the main thread do not reach it), then starts the
// simulated provider from its TypeScript module.
import { register } from 'tsx/esm/api';

register();
await import('./scheduler-provider-worker.ts');
