import type { Message } from '../core/messages.js';
import type { Agent } from './define-agent.js';
import type { RunOptions, RunResult } from './execute-run.js';
import type { RunStream } from './run-stream.js';
import { createRuntime, type Runtime, type RuntimeOptions } from './runtime.js';

export * from './approvals.js';
export * from './elicitations.js';
export * from './define-agent.js';
export * from './execute-run.js';
export type { LeaseSettings } from './run-lease.js';
export * from './model-report.js';
export * from './run-stream.js';
export * from './runtime.js';

let shared: Runtime | undefined;

/** The runtime behind the top-level `run` and `stream`: in-memory unless configured. */
export function defaultRuntime(options?: RuntimeOptions): Runtime {
  if (options) shared = createRuntime(options);
  shared ??= createRuntime();
  return shared;
}

/**
 * Runs an agent to the end on the default runtime.
 * @example
 * const result = await run(agent, 'Summarise ./notes.md');
 * console.log(result.status, result.output, result.costUsd);
 */
export function run<Output>(
  agent: Agent<Output>,
  input: string | Message[],
  options?: RunOptions,
): Promise<RunResult<Output>> {
  return defaultRuntime().run(agent, input, options);
}

/**
 * Starts a run on the default runtime and returns its live events.
 * @example
 * for await (const event of stream(agent, 'Hi')) if (event.type === 'text-delta') process.stdout.write(event.delta);
 */
export function stream<Output>(
  agent: Agent<Output>,
  input: string | Message[],
  options?: RunOptions,
): RunStream<Output> {
  return defaultRuntime().stream(agent, input, options);
}
