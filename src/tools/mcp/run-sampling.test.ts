import { afterAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../core/events.js';
import { parsePolicy } from '../../policy/parse-policy.js';
import { defineAgent } from '../../runtime/define-agent.js';
import { createRuntime } from '../../runtime/runtime.js';
import { ScriptedModel, type ScriptedStep } from '../../testing/scripted-model.js';
import { maxSamplingsPerCall } from '../../kernel/tool-host/sample.js';
import { connectMcp } from './connect-mcp.js';
import { nodeServer, runAskingServerEntry } from './fixtures/servers.js';
import type { McpConnection } from './mcp-connection.js';
import type { Tool } from '../tool.js';

const open: McpConnection[] = [];
afterAll(async () => {
  await Promise.all(open.map((connection) => connection.close()));
});
let tools: Tool[] | undefined;
async function serverTools(): Promise<Tool[]> {
  if (!tools) {
    const connection = await connectMcp(nodeServer('shows', runAskingServerEntry));
    open.push(connection);
    tools = await connection.tools();
  }
  return tools;
}
const usage = { inputTokens: 50, outputTokens: 50, totalTokens: 100 };
/** The act turn that calls `think`, `sampled` sampling answers, then the final turn. */
function script(times: number, sampled: number): ScriptedStep[] {
  return [
    { toolCalls: [{ name: 'think', input: { times } }], usage },
    ...Array.from({ length: sampled }, (_, i) => ({ text: `thought ${i}`, usage })),
    { text: 'done', usage },
  ];
}
const outputOf = (events: RunEvent[]) =>
  events.find((event) => event.type === 'tool-result' || event.type === 'tool-error');

describe('sampling served by the agent model through the kernel', () => {
  it('is a model.generate syscall with purpose sampling:<server>, journaled, not a step, without the run context', async () => {
    const model = new ScriptedModel(script(2, 2));
    const runtime = createRuntime();
    const result = await runtime.run(
      defineAgent({ name: 'thinker', model, tools: await serverTools() }),
      'secret task text',
    );
    expect(result.status).toBe('completed');
    expect(result.steps).toBe(2);
    const events = await runtime.store.readEvents(result.runId);
    const requests = events.filter((event) => event.type === 'model-request' && event.purpose === 'sampling:shows');
    expect(requests).toHaveLength(2);
    expect(requests[0]).toMatchObject({ syscallId: expect.stringMatching(/:1\.sampling:0$/), tools: [] });
    expect(outputOf(events)).toMatchObject({ type: 'tool-result', output: JSON.stringify(['thought 0', 'thought 1']) });
    // Only the server's own system prompt and message: includeContext: allServers does not leak the run's input.
    const sampling = model.requests[1]!;
    expect(sampling.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Say 0' },
    ]);
    expect(JSON.stringify(sampling.messages)).not.toMatch(/secret task/);
    expect(sampling.maxOutputTokens).toBe(4096); // the server asked for 100000
    expect(sampling.temperature).toBe(0.3);
    expect(sampling.tools ?? []).toEqual([]);
    expect(result.usage.totalTokens).toBe(400);
  }, 30_000);

  it('replays on resume: a re-issued call gets the journaled sampling, the model is not asked again', async () => {
    const runtime = createRuntime();
    const first = new ScriptedModel(script(1, 1));
    const done = await runtime.run(defineAgent({ name: 'thinker', model: first, tools: await serverTools() }), 'go');
    expect(done.status).toBe('completed');
    // A log cut after the sampling's response: the tool call is in doubt on resume, retried because we say so.
    const events = await runtime.store.readEvents(done.runId);
    const cut = events.findIndex((event) => event.type === 'tool-result');
    const replayStore = createRuntime();
    const record = (await runtime.store.getRun(done.runId))!;
    const { id, agent, model, input, createdAt } = record;
    await replayStore.store.createRun({ id, agent, model, input, createdAt, status: 'interrupted' });
    await replayStore.store.append(done.runId, events.slice(0, cut));
    const all = await serverTools();
    const retried = all.map((tool) => (tool.name === 'think' ? ({ ...tool, inDoubt: 'retry' } as Tool) : tool));
    const again = new ScriptedModel([{ text: 'done', usage }]);
    const resumed = await replayStore.resume(
      defineAgent({ name: 'thinker', model: again, tools: retried }),
      done.runId,
    );
    expect(resumed.error).toBeUndefined();
    expect(resumed.status).toBe('completed');
    expect(again.requests).toHaveLength(1); // only the final turn: the sampling came from the log
    const log = await replayStore.store.readEvents(done.runId);
    expect(outputOf(log.slice(cut))).toMatchObject({ output: JSON.stringify(['thought 0']) });
  }, 30_000);

  it('a policy that denies sampling for this server answers it with an error, and the call fails (not the false success)', async () => {
    const { policy } = parsePolicy(
      `version: 1
default: allow
rules:
  - id: no-sampling-for-shows
    action: model.generate
    deny: { args.purpose: "sampling:shows" }
`,
      { file: 'inline.yaml' },
    );
    const model = new ScriptedModel([script(3, 0)[0]!, { text: 'done', usage }]);
    const runtime = createRuntime();
    const result = await runtime.run(defineAgent({ name: 'thinker', model, tools: await serverTools(), policy }), 'go');
    expect(result.status).toBe('completed');
    const events = await runtime.store.readEvents(result.runId);
    expect(events.filter((event) => event.type === 'model-request' && event.purpose?.startsWith('sampling'))).toEqual(
      [],
    );
    expect(events.find((event) => event.type === 'policy-decision' && event.decision === 'deny')).toMatchObject({
      ruleId: 'no-sampling-for-shows',
    });
    expect(outputOf(events)).toMatchObject({ type: 'tool-error', error: { code: 'MCP_TOOL_ERROR' } });
    expect(JSON.stringify(outputOf(events))).toMatch(/Policy denied the model call \(sampling:shows\)/);
  }, 30_000);

  it('a policy limit on sampling holds: the third sampling of the run is refused', async () => {
    const { policy } = parsePolicy(
      `version: 1
default: allow
rules:
  - id: sampling-twice
    action: model.generate
    allow: { args.purpose: { startsWith: "sampling:" } }
    limit: { max: 3, per: run }   # counts every model.generate so far, the act call before the tool's too
  - id: sampling-only-by-limit
    action: model.generate
    deny: { args.purpose: { startsWith: "sampling:" } }
    priority: -1
`,
      { file: 'inline.yaml' },
    );
    const model = new ScriptedModel(script(5, 2));
    const runtime = createRuntime();
    const result = await runtime.run(defineAgent({ name: 'thinker', model, tools: await serverTools(), policy }), 'go');
    const events = await runtime.store.readEvents(result.runId);
    expect(events.filter((event) => event.type === 'model-request' && event.purpose === 'sampling:shows')).toHaveLength(
      2,
    );
    expect(outputOf(events)).toMatchObject({ type: 'tool-error' });
    expect(result.status).toBe('completed');
  }, 30_000);

  it('a limit that selects sampling by source counts only servers’ samplings, not the run’s own calls', async () => {
    const { policy } = parsePolicy(
      `version: 1
default: allow
rules:
  - id: two-samplings
    action: model.generate
    source: "mcp:*"
    limit: { max: 2, per: run }
`,
      { file: 'inline.yaml' },
    );
    const model = new ScriptedModel(script(5, 2));
    const runtime = createRuntime();
    const result = await runtime.run(defineAgent({ name: 'thinker', model, tools: await serverTools(), policy }), 'go');
    const events = await runtime.store.readEvents(result.runId);
    const sampled = events.filter((event) => event.type === 'model-request' && event.purpose === 'sampling:shows');
    expect(sampled).toHaveLength(2);
    const denials = events.flatMap((event) =>
      event.type === 'policy-decision' && event.decision === 'deny' ? [event.ruleId] : [],
    );
    expect(denials).toEqual(['two-samplings']);
    expect(outputOf(events)).toMatchObject({ type: 'tool-error' });
    expect(result.status).toBe('completed');
    expect(result.text).toBe('done');
  }, 30_000);

  it('modelPreferences choose among the agent’s routing models, and the policy still decides the chosen one', async () => {
    const prefer = { hints: [{ name: 'strong' }] };
    const agentOf = (policy?: ReturnType<typeof parsePolicy>['policy']) =>
      serverTools().then((tools) =>
        defineAgent({
          name: 'thinker',
          model: new ScriptedModel(
            [
              { toolCalls: [{ name: 'think', input: { times: 1, prefer } }], usage },
              { text: 'done', usage },
            ],
            {
              provider: 'sim',
              modelId: 'cheap',
            },
          ),
          routing: {
            models: [new ScriptedModel([{ text: 'strong thought', usage }], { provider: 'sim', modelId: 'strong' })],
          },
          tools,
          ...(policy && { policy }),
        }),
      );
    const runtime = createRuntime();
    const served = await runtime.run(await agentOf(), 'go');
    const events = await runtime.store.readEvents(served.runId);
    const sampling = events.find((event) => event.type === 'model-request' && event.purpose === 'sampling:shows');
    expect(sampling).toMatchObject({ model: 'sim:strong' });
    expect(JSON.stringify(outputOf(events))).toContain('strong thought by sim:strong');
    const { policy } = parsePolicy(
      'version: 1\ndefault: allow\nrules:\n  - { id: no-strong, action: model.generate, deny: { args.model: "sim:strong" } }\n',
      { file: 'inline.yaml' },
    );
    const refused = await runtime.run(await agentOf(policy), 'go');
    const refusedEvents = await runtime.store.readEvents(refused.runId);
    expect(refusedEvents.find((event) => event.type === 'policy-decision' && event.decision === 'deny')).toMatchObject({
      ruleId: 'no-strong',
    });
    expect(outputOf(refusedEvents)).toMatchObject({ type: 'tool-error' });
  }, 30_000);

  it('the budget stops a server that samples in a loop: the run ends budget_exceeded', async () => {
    const model = new ScriptedModel(script(50, 50));
    const runtime = createRuntime();
    const agent = defineAgent({ name: 'thinker', model, tools: await serverTools(), budget: { maxTokens: 350 } });
    const result = await runtime.run(agent, 'go');
    expect(result.status).toBe('budget_exceeded');
    expect(model.used).toBeLessThanOrEqual(4);
  }, 30_000);

  it(`without policy or budget, a call gets at most ${maxSamplingsPerCall} samplings`, async () => {
    const model = new ScriptedModel(script(40, maxSamplingsPerCall));
    const runtime = createRuntime();
    const result = await runtime.run(defineAgent({ name: 'thinker', model, tools: await serverTools() }), 'go');
    expect(result.status).toBe('completed');
    const events = await runtime.store.readEvents(result.runId);
    expect(events.filter((event) => event.type === 'model-request' && event.purpose === 'sampling:shows')).toHaveLength(
      maxSamplingsPerCall,
    );
    expect(JSON.stringify(outputOf(events))).toMatch(/more than 16 samplings/);
  }, 30_000);

  it('a sampling the policy asks a human about pauses the run; once approved, the re-issued call is served', async () => {
    const { policy } = parsePolicy(
      `version: 1
default: allow
rules:
  - id: sampling-needs-a-human
    action: model.generate
    ask: { args.purpose: { startsWith: "sampling:" } }
`,
      { file: 'inline.yaml' },
    );
    const runtime = createRuntime();
    const agent = (model: ScriptedModel) => defineAgent({ name: 'thinker', model, tools: tools!, policy });
    await serverTools();
    const paused = await runtime.run(agent(new ScriptedModel([script(1, 0)[0]!])), 'go');
    expect(paused.status).toBe('awaiting_approval');
    const [approval] = await runtime.approvals.pending(paused.runId);
    expect(approval).toMatchObject({ toolName: 'model.generate', input: { purpose: 'sampling:shows' } });
    await runtime.approvals.approve(approval!.approvalId);
    const model = new ScriptedModel([
      { text: 'approved thought', usage },
      { text: 'done', usage },
    ]);
    const done = await runtime.resume(agent(model), paused.runId);
    expect(done.status).toBe('completed');
    const log = await runtime.store.readEvents(paused.runId);
    expect(log.filter((event) => event.type === 'tool-call')).toHaveLength(1);
    expect(log.filter((event) => event.type === 'tool-result')).toMatchObject([
      { output: JSON.stringify(['approved thought']) },
    ]);
  }, 30_000);
});
