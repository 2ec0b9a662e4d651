import { describe, expect, it } from 'vitest';
import { WardenError } from '../core/errors/warden-error.js';
import { readRunJob } from './read-run-job.js';

function problemOf(data: unknown, jobId: string | undefined = 'job_1'): WardenError {
  try {
    readRunJob(data, jobId);
  } catch (error) {
    expect(WardenError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'RUN_JOB_INVALID', fault: 'user' });
    return error as WardenError;
  }
  throw new Error('expected RUN_JOB_INVALID');
}

describe('reading a job as a run', () => {
  it('keeps a job that names its run, agent and input', () => {
    const job = { runId: 'run_1', agent: 'payer', input: 'hi', principal: { id: 'u' } };
    expect(readRunJob(job, 'run_1')).toEqual(job);
  });

  it("runs a job without runId as the run of the job's id, so a redelivery is the same run", () => {
    expect(readRunJob({ agent: 'payer', input: 'hi' }, 'job_7')).toEqual({
      runId: 'job_7',
      agent: 'payer',
      input: 'hi',
    });
  });

  it.each([
    ['null', null, /carries null, not a run/],
    ['text', 'garbage', /carries text, not a run/],
    ['a list', [1], /carries a list, not a run/],
    ['a number', 5, /carries number 5, not a run/],
    ['no agent', { runId: 'r', input: 'x' }, /names no agent \(its `agent` is undefined\)/],
    ['an agent that is no name', { runId: 'r', agent: 3, input: 'x' }, /names no agent \(its `agent` is number 3\)/],
    ['a runId that is no text', { runId: 7, agent: 'a', input: 'x' }, /no usable run id \(its `runId` is number 7\)/],
    [
      'a runId holding NUL',
      { runId: 'run_\u0000x', agent: 'a', input: 'x' },
      /run id "run_\\u0000x", which holds a NUL/,
    ],
  ])('refuses a payload of %s, saying what to enqueue instead', (_name, data, message) => {
    const error = problemOf(data);
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/^Job "job_1" .* Fix: enqueue runs with createRunQueue/);
  });

  it("refuses a job whose own id holds a NUL when it is the run's id", () => {
    expect(problemOf({ agent: 'a', input: 'x' }, 'job_\u0000').message).toMatch(/NUL/);
  });
});
