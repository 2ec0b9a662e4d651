import { ConfigError } from '../core/errors/config-error.js';
import { createPythonSandbox, createShellSandbox } from '../sandbox/bwrap/bwrap-sandbox.js';
import type { Sandbox } from '../sandbox/sandbox.js';
import { codeact } from '../strategies/codeact/codeact.js';
import type { Strategy } from '../strategies/strategy.js';
import type { AgentConfig } from './config-schema.js';

/** An agent's strategy from its config, and the sandboxes it opened (closed with the agents). */
export function buildStrategy(
  name: string,
  definition: AgentConfig,
  file: string | undefined,
  sandboxes: Sandbox[],
): Strategy | undefined {
  const settings = definition.codeact;
  if (definition.strategy !== 'codeact') {
    if (settings) {
      throw new ConfigError(`Agent "${name}" has codeact: settings but its strategy is ${definition.strategy}.`, {
        ...(file && { file }),
        path: `agents.${name}.codeact`,
        fix: 'add strategy: codeact, or remove the codeact: settings',
      });
    }
    return undefined;
  }
  const open = (sandbox: Sandbox) => {
    sandboxes.push(sandbox);
    return sandbox;
  };
  const limits = {
    ...(settings?.timeoutMs !== undefined && { timeoutMs: settings.timeoutMs }),
    ...(settings?.memoryBytes !== undefined && { memoryBytes: settings.memoryBytes }),
  };
  return codeact({
    ...(settings?.python && { python: open(createPythonSandbox()) }),
    ...(settings?.shell && { shell: open(createShellSandbox()) }),
    ...(Object.keys(limits).length > 0 && { limits }),
    ...(settings?.maxObservationChars !== undefined && { maxObservationChars: settings.maxObservationChars }),
    ...(settings?.library && { library: {} }),
  });
}
