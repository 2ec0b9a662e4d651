import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { SuiteManifest, SuiteState, ToolCallSpec } from '../suite-types.js';
import type { Tool } from '../../tools/tool.js';

/** A suite's manifest and raw environment, for tests that drive its toolkit without a model. */
export interface SuiteFixture {
  manifest: SuiteManifest;
  /** environment.yaml as text, placeholders included. */
  environmentText: string;
  /** A fresh state: each `{{injection:<id>}}` becomes `injections[id]`, else ''. */
  freshState(injections?: Readonly<Record<string, string>>): SuiteState;
}

/** Reads suite.yaml and environment.yaml from `dir` (the framework's loader does this in real runs). */
export function loadSuiteFixture(dir: string): SuiteFixture {
  const manifest = parse(readFileSync(join(dir, 'suite.yaml'), 'utf8')) as SuiteManifest;
  const environmentText = readFileSync(join(dir, manifest.environment ?? 'environment.yaml'), 'utf8');
  const template = parse(environmentText) as SuiteState;
  const substitute = (value: unknown, injections: Readonly<Record<string, string>>): unknown => {
    if (typeof value === 'string') {
      return value.replace(/\{\{injection:([A-Za-z0-9_.-]+)\}\}/g, (_match, id: string) => injections[id] ?? '');
    }
    if (Array.isArray(value)) return value.map((item) => substitute(item, injections));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substitute(item, injections)]));
    }
    return value;
  };
  return {
    manifest,
    environmentText,
    freshState: (injections = {}) => substitute(template, injections) as SuiteState,
  };
}

/** Runs calls in order against a toolkit; an unknown tool, invalid input or a thrown error fails the call. */
export async function runCalls(tools: readonly Tool[], calls: readonly ToolCallSpec[]): Promise<unknown[]> {
  const outputs: unknown[] = [];
  for (const [index, call] of calls.entries()) outputs.push(await callTool(tools, call, index));
  return outputs;
}

/** One call against a toolkit, as the runtime makes it: input parsed first, then executed. */
export async function callTool(tools: readonly Tool[], call: ToolCallSpec, index = 0): Promise<unknown> {
  const tool = tools.find((candidate) => candidate.name === call.tool);
  if (!tool) throw new Error(`There is no tool named "${call.tool}".`);
  const parsed = tool.parseInput(call.args);
  if (!parsed.success) {
    throw new Error(
      `${call.tool}: ${parsed.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
    );
  }
  return tool.execute(parsed.value, {
    runId: 'suite-test',
    toolCallId: `call_${index + 1}`,
    abortSignal: new AbortController().signal,
  });
}
