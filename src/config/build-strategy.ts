import { actionLibraryTools } from '../actions/action-tools.js';
import type { ActionStore } from '../actions/action-store.js';
import { ConfigError } from '../core/errors/config-error.js';
import type { Tool } from '../tools/tool.js';
import { createPythonSandbox, createShellSandbox } from '../sandbox/bwrap/bwrap-sandbox.js';
import type { Sandbox } from '../sandbox/sandbox.js';
import { codeact } from '../strategies/codeact/codeact.js';
import type { Strategy } from '../strategies/strategy.js';
import type { AgentConfig } from './config-schema.js';

/** What an agent's strategy adds to it: the strategy, and the action library's tools when it has one. */
export interface BuiltStrategy {
  strategy?: Strategy;
  tools: Tool[];
}

/** An agent's strategy from its config; the sandboxes it opens are pushed to `sandboxes` (closed with the agents). */
export async function buildCodeActStrategy(
  name: string,
  definition: AgentConfig,
  file: string | undefined,
  sandboxes: Sandbox[],
  actionStore: () => Promise<ActionStore>,
): Promise<BuiltStrategy> {
  const settings = definition.codeact;
  if (definition.strategy !== 'codeact') {
    if (settings) {
      throw new ConfigError(`Agent "${name}" has codeact: settings but its strategy is ${definition.strategy}.`, {
        ...(file && { file }),
        path: `agents.${name}.codeact`,
        fix: 'add strategy: codeact, or remove the codeact: settings',
      });
    }
    return { tools: [] };
  }
  const open = (sandbox: Sandbox) => {
    sandboxes.push(sandbox);
    return sandbox;
  };
  const limits = {
    ...(settings?.timeoutMs !== undefined && { timeoutMs: settings.timeoutMs }),
    ...(settings?.memoryBytes !== undefined && { memoryBytes: settings.memoryBytes }),
  };
  const strategy = codeact({
    ...(settings?.python && { python: open(createPythonSandbox()) }),
    ...(settings?.shell && { shell: open(createShellSandbox()) }),
    ...(Object.keys(limits).length > 0 && { limits }),
    ...(settings?.maxObservationChars !== undefined && { maxObservationChars: settings.maxObservationChars }),
    ...(settings?.library && { library: {} }),
  });
  return { strategy, tools: settings?.library ? actionLibraryTools(await actionStore()) : [] };
}
