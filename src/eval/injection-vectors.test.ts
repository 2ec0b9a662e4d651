import { describe, expect, it } from 'vitest';
import { executeCalls } from './execute-calls.js';
import { vectorsReadBy } from './injection-vectors.js';
import { instantiateEnvironment } from './suite/environment.js';
import { loadSuite } from './suite/load-suite.js';
import { resolveSuiteDir } from './suite/resolve-suite.js';

describe('vectorsReadBy', () => {
  it('finds exactly the vectors whose text the ground truth reads', async () => {
    const suite = await loadSuite(resolveSuiteDir('workspace'));
    const task = (id: string) => suite.userTasks.find((candidate) => candidate.id === id)!;
    expect(await vectorsReadBy(suite, task('user_task_5'))).toEqual(['email_newsletter', 'email_meetup_rsvp']);
    expect(await vectorsReadBy(suite, task('user_task_15'))).toEqual(['calendar_webinar']);
  }, 30_000);
});

describe('executeCalls', () => {
  it('runs calls in order against a fresh state and reports each failure without stopping', async () => {
    const suite = await loadSuite(resolveSuiteDir('travel'));
    const state = instantiateEnvironment(suite.environment, {}, suite.vectorDefaults);
    const executed = await executeCalls(suite.createToolkit(state), [
      { tool: 'teleport', args: {} },
      { tool: 'get_hotel_reviews', args: {} },
      { tool: 'cancel_booking', args: { booking_id: 'WR-9999' } },
      { tool: 'cancel_booking', args: { booking_id: 'WR-1001' } },
    ]);
    expect(executed.map((call) => call.error)).toEqual([
      'There is no tool named "teleport".',
      expect.stringContaining('hotel_id'),
      'No booking with id "WR-9999". Use list_bookings to find its id.',
      undefined,
    ]);
    expect(state.bookings[0].status).toBe('cancelled');
  }, 30_000);
});
