import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// Runs every client scenario of @modelcontextprotocol/conformance against Warden's MCP client
// (fixtures/conformance-client.ts drives connectMcp). The suite's servers bind 127.0.0.1.
const run = promisify(execFile);
const require = createRequire(import.meta.url);
const cli = require.resolve('@modelcontextprotocol/conformance/dist/index.js');
const driver = fileURLToPath(new URL('./fixtures/conformance-client.ts', import.meta.url));
const command = `${process.execPath} --import tsx ${driver}`;

async function clientScenarios(): Promise<string[]> {
  const { stdout, stderr } = await run(process.execPath, [cli, 'list']);
  const text = `${stdout}${stderr}`;
  const section = text.slice(text.indexOf('Client scenarios'));
  return [...section.matchAll(/^\s*- (\S+)$/gm)].map((match) => match[1]!);
}

interface Outcome {
  scenario: string;
  passed: boolean;
  summary: string;
}

async function runScenario(scenario: string): Promise<Outcome> {
  const args = [cli, 'client', '--command', command, '--scenario', scenario, '--timeout', '20000'];
  const result = await run(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 }).catch(
    (error: { stdout?: string; stderr?: string }) => ({ stdout: error.stdout ?? '', stderr: error.stderr ?? '' }),
  );
  const text = `${result.stdout}${result.stderr}`;
  const summary = /Passed: \d+\/\d+, \d+ failed, \d+ warnings/.exec(text)?.[0] ?? text.slice(-2000);
  return { scenario, passed: /OVERALL: PASSED/.test(text) && !/timed out/.test(text), summary };
}

async function inBatches<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += size) {
    results.push(...(await Promise.all(items.slice(start, start + size).map(work))));
  }
  return results;
}

describe('the MCP conformance suite, client mode', () => {
  it('passes every client scenario', { timeout: 240_000 }, async () => {
    const scenarios = await clientScenarios();
    expect(scenarios.length).toBeGreaterThanOrEqual(23);
    const outcomes = await inBatches(scenarios, 3, runScenario);
    const failed = outcomes.filter((outcome) => !outcome.passed);
    expect(failed.map((outcome) => `${outcome.scenario}: ${outcome.summary}`)).toEqual([]);
    expect(outcomes).toHaveLength(scenarios.length);
  });
});
