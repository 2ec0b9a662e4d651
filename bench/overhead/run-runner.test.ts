import { describe, expect, it } from 'vitest';
import { runnerEnv } from './run-runner.js';

describe('runnerEnv', () => {
  const settings = { port: 4321, steps: 10, runs: 300, warmup: 300 };

  it('passes the counts bench.mjs reads, the settling runs only when given (else its default stands)', () => {
    const env = runnerEnv({ ...settings, settle: 1000 });
    expect(env).toMatchObject({ FAKE_PORT: '4321', STEPS: '10', RUNS: '300', WARMUP: '300', SETTLE: '1000' });
    expect(runnerEnv({ ...settings, settle: 0 }).SETTLE).toBe('0');
    // Not given: the runner inherits this process's (normally none), so bench.mjs's default applies.
    expect(runnerEnv(settings).SETTLE).toBe(process.env.SETTLE);
  });

  it('a runner’s own variables cannot override the harness’s counts, and telemetry stays off', () => {
    const env = runnerEnv(settings, { RUNS: '5', WARDEN_TOOL: 'side-effect' });
    expect(env.RUNS).toBe('300');
    expect(env.WARDEN_TOOL).toBe('side-effect');
    expect(env).toMatchObject({ LANGSMITH_TRACING: 'false', MASTRA_TELEMETRY_DISABLED: '1' });
  });
});
