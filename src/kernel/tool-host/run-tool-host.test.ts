import { describe, expect, it } from 'vitest';
import type { RunEventInit } from '../../core/events.js';
import type { KernelContext } from '../kernel-context.js';
import { RunToolHost } from './run-tool-host.js';

function host() {
  const recorded: RunEventInit[] = [];
  const k = {
    settings: {
      journal: { record: (event: RunEventInit) => recorded.push(event) },
      signal: new AbortController().signal,
    },
  } as unknown as KernelContext;
  return { host: new RunToolHost(k, 'run_1:4', 'flood'), recorded };
}

describe('the tool host of one call', () => {
  it('ignores progress and logs after the call ended, and refuses requests then', async () => {
    const { host: h, recorded } = host();
    h.progress({ progress: 1, total: 2 });
    h.finish();
    h.progress({ progress: 2, total: 2 });
    h.log({ server: 's', level: 'info', data: 'late' });
    expect(recorded).toEqual([
      { type: 'tool-progress', syscallId: 'run_1:4', toolName: 'flood', progress: 1, total: 2 },
    ]);
    await expect(
      h.elicit({ message: 'late?', requestedSchema: { type: 'object', properties: {} } }, { server: 's' }),
    ).rejects.toThrow(/has ended/);
  });

  it('drops progress that is not a finite number', () => {
    const { host: h, recorded } = host();
    h.progress({ progress: Number.NaN });
    h.progress({ progress: Number.POSITIVE_INFINITY });
    expect(recorded).toEqual([]);
  });
});
