import type { Tool } from '../../tools/tool.js';
import { defineTool } from '../../tools/define-tool.js';
import type { PlanningAction } from './planning-domain.js';
import { type PlanningEnvironment, resetTool } from './planning-environment.js';

/** Settings of a planning toolkit. */
export interface PlanningToolkitOptions {
  /** Called right after each effect took place, before its result is journaled: may hang (a crash there). */
  afterEffect?: (key: string, action: PlanningAction) => void | Promise<void>;
}

/**
 * The task's tools as Warden tools over one live environment (the world a run acts on). The world dedupes by
 * the syscall's idempotency key: a call repeated after a crash returns its first result and does not act twice
 * (so they are declared `idempotent`, and a call in doubt is retried). A failing action throws, so the kernel
 * journals a `tool-error` the model reads. Every domain tool is in-memory and declared replayable for
 * reset + replay; `env_reset` brings the world back to the initial state.
 */
export function planningTools<S>(environment: PlanningEnvironment<S>, options: PlanningToolkitOptions = {}): Tool[] {
  return environment.tools.map((spec) =>
    defineTool({
      name: spec.name,
      description: spec.description,
      input: { type: 'object', properties: {}, ...(spec.inputSchema as object) },
      idempotent: true,
      inDoubt: 'retry',
      // Synchronous unless a hook is set: the world is in memory, so no timer or abort listener is needed.
      execute: (input: Record<string, unknown>, context) => {
        const key = context.idempotencyKey ?? context.toolCallId;
        const action: PlanningAction = {
          tool: spec.name,
          input: Object.fromEntries(Object.entries(input ?? {}).map(([k, v]) => [k, String(v)])),
        };
        const fresh = !environment.effects.has(key);
        const outcome = environment.once(key, action);
        const answer = () => {
          if (!outcome.ok) throw new Error(outcome.output);
          return outcome.output;
        };
        const hook = fresh ? options.afterEffect?.(key, action) : undefined;
        return hook ? Promise.resolve(hook).then(answer) : answer();
      },
    }),
  );
}

/** The tools a search may replay after a reset: every domain tool (all are in-memory). */
export function replayableTools<S>(environment: PlanningEnvironment<S>): string[] {
  return environment.task.tools.map((tool) => tool.name);
}

export { resetTool };
