import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAskingServerEntry } from '../../tools/mcp/fixtures/servers.js';
import { startOpenAITestServer } from '../../testing/openai-test-server/index.js';
import { memoryIO } from '../io.js';
import { runCommand } from '../run-command.js';

const dir = mkdtempSync(join(tmpdir(), 'warden-cli-eli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[], ask?: (prompt: string) => Promise<string>) {
  const io = memoryIO({ cwd: dir, ...(ask && { ask }) });
  const code = await runCommand(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('warden elicitations', () => {
  it('a run paused by an MCP server question is listed, a wrong answer is refused, a right one resumes it', async () => {
    const model = await startOpenAITestServer({
      script: [{ toolCalls: [{ name: 'book', input: { show: 'Othello' } }] }, { text: 'Booked.' }],
    });
    const effects = join(dir, 'effects.txt');
    try {
      writeFileSync(
        join(dir, 'warden.yaml'),
        [
          'models:',
          `  local: { provider: openai-compatible, baseURL: "${model.url}", model: scripted, apiKey: test }`,
          'mcp:',
          `  shows: { command: ${JSON.stringify(process.execPath)}, args: [${JSON.stringify(runAskingServerEntry)}, ${JSON.stringify(effects)}] }`,
          'agents:',
          '  booker:',
          '    model: local',
          '    tools: [mcp:shows/book]',
          `store: sqlite:${join(dir, 'runs.db')}`,
          '',
        ].join('\n'),
      );
      const paused = await cli(['run', 'booker', 'book Othello']);
      expect(paused.code).toBe(5);
      expect(paused.out).toMatch(/shows asks \(eli_.*\): Who is the booking for \(Othello\)\?/);
      const pending = JSON.parse((await cli(['elicitations', 'list', '--json'])).out) as Array<{
        elicitationId: string;
      }>;
      expect(pending).toHaveLength(1);
      const id = pending[0]!.elicitationId;
      expect((await cli(['elicitations', 'list'])).out).toMatch(/Who is the booking for/);
      expect((await cli(['approvals', 'list'])).out).toMatch(/1 question\(s\) from MCP servers wait too/);

      const wrong = await cli(['elicitations', 'answer', id, '--accept', '{"seats": 99}']);
      expect(wrong.code).not.toBe(0);
      expect(wrong.err).toMatch(/not accepted.*name/);
      const twice = await cli(['elicitations', 'answer', id, '--decline', '--cancel']);
      expect(twice.err).toMatch(/exactly one answer/);
      const notJson = await cli(['elicitations', 'answer', id, '--accept', '{name:']);
      expect(notJson.err).toMatch(/not JSON/);
      expect(existsSync(effects)).toBe(false);

      const answered = await cli(['elicitations', 'answer', id, '--accept', '{"name": "Iago"}', '--by', 'cli-test']);
      expect(answered.err).toMatch(/Answered shows's question \(accept\)/);
      expect(answered.code).toBe(0);
      expect(answered.out).toMatch(/Booked\./);
      expect(readFileSync(effects, 'utf8')).toMatch(/ Iago 2\n$/);

      const runs = JSON.parse((await cli(['runs', 'list', '--json'])).out) as Array<{ id: string }>;
      const show = await cli(['runs', 'show', runs[0]!.id]);
      expect(show.out).toMatch(/elicitation-request\s+eli_\S+ from shows in book \(form\)/);
      expect(show.out).toMatch(/elicitation-response\s+eli_\S+ accept by cli-test \{"name":"Iago","seats":2\}/);
      expect(show.out).toMatch(/tool-result\s+book .*\[source:user, elicitation:shows\]: booked 2 for Iago/);
    } finally {
      await model.close();
    }
  }, 60_000);

  it('an interactive warden run asks the person each field at once, with defaults, and does not pause', async () => {
    const model = await startOpenAITestServer({
      script: [{ toolCalls: [{ name: 'book', input: { show: 'Macbeth' } }] }, { text: 'Booked it.' }],
    });
    const effects = join(dir, 'effects-interactive.txt');
    const prompts: string[] = [];
    const typed = ['a', 'Banquo', ''];
    try {
      writeFileSync(
        join(dir, 'interactive.yaml'),
        [
          'models:',
          `  local: { provider: openai-compatible, baseURL: "${model.url}", model: scripted, apiKey: test }`,
          'mcp:',
          `  shows: { command: ${JSON.stringify(process.execPath)}, args: [${JSON.stringify(runAskingServerEntry)}, ${JSON.stringify(effects)}] }`,
          'agents:',
          '  booker: { model: local, tools: [mcp:shows/book] }',
          `store: sqlite:${join(dir, 'interactive.db')}`,
          '',
        ].join('\n'),
      );
      const done = await cli(['run', 'booker', 'book Macbeth', '--config', 'interactive.yaml'], async (prompt) => {
        prompts.push(prompt);
        return typed.shift() ?? '';
      });
      expect(done.code).toBe(0);
      expect(prompts).toEqual([
        expect.stringMatching(/\[a\]ccept, \[d\]ecline, \[c\]ancel/),
        expect.stringMatching(/name \(string, required\)/),
        expect.stringMatching(/seats \(integer, optional, default 2\)/),
      ]);
      expect(done.err).toMatch(/shows \(tool book\) asks: Who is the booking for \(Macbeth\)\?/);
      expect(readFileSync(effects, 'utf8')).toMatch(/ Banquo 2\n$/);
      expect(done.out).toMatch(/Booked it\./);
    } finally {
      await model.close();
    }
  }, 60_000);
});
