import { actionToolNames } from '../../actions/action-tool-names.js';
import { isSingleDeclaration } from '../../actions/declaration-check.js';
import type { AgentKernel } from '../../kernel/agent-kernel.js';
import type { LibraryFunction } from './prompt.js';

/** How the CodeAct strategy uses the action library (its tools, from `actionLibraryTools(store)`). */
export interface CodeActLibrary {
  /** Saved functions retrieved into a run. @default 5 */
  limit?: number;
}

interface RetrievedFunction extends LibraryFunction {
  version: number;
  code: string;
}

/** The library as one run sees it: the functions retrieved for its task, prepended to its JavaScript. */
export interface OpenLibrary {
  functions: RetrievedFunction[];
  /** Library tools the strategy calls itself; hidden from the model and from code. */
  toolNames: string[];
  withPrelude(code: string): string;
  recordUse(code: string, ok: boolean): Promise<void>;
}

/**
 * Retrieves the saved functions relevant to the task through the `search_actions` tool (a syscall, so a resume
 * sees the same functions), and counts their uses through `record_action_use`. Without those tools in the run,
 * the library is empty.
 */
export async function openLibrary(settings: CodeActLibrary, kernel: AgentKernel, task: string): Promise<OpenLibrary> {
  const toolNames = [actionToolNames.search, actionToolNames.recordUse].filter((name) => kernel.toolNames.has(name));
  let functions: RetrievedFunction[] = [];
  if (kernel.toolNames.has(actionToolNames.search)) {
    const [found] = await kernel.callTools(
      [
        {
          toolCallId: 'library-search',
          toolName: actionToolNames.search,
          input: { query: task, limit: settings.limit ?? 5 },
        },
      ],
      { origin: 'strategy' },
    );
    if (found && !found.isError)
      functions = await declarationsOnly((found.output as { functions?: RetrievedFunction[] }).functions ?? []);
  }
  const prelude = functions.map(bindingOf).join('\n');
  return {
    functions,
    toolNames,
    // The model's code runs in a block of its own, so it may declare a name a saved function has (it shadows it).
    withPrelude: (code) => (prelude ? `${prelude}\n{\n${code}\n}` : code),
    async recordUse(code, ok) {
      const used = functions.filter((fn) => new RegExp(`\\b${fn.name}\\s*\\(`).test(code));
      if (used.length === 0 || !kernel.toolNames.has(actionToolNames.recordUse)) return;
      await kernel.callTools(
        [
          {
            toolCallId: 'library-use',
            toolName: actionToolNames.recordUse,
            input: { uses: used.map((fn) => ({ name: fn.name, version: fn.version })), ok },
          },
        ],
        { origin: 'strategy' },
      );
    },
  };
}

/**
 * The retrieved functions whose code is exactly one declaration of their name. A store may hold other code (saved
 * by an older Warden, or written to it directly); such code is left out rather than run before the model's.
 */
async function declarationsOnly(found: RetrievedFunction[]): Promise<RetrievedFunction[]> {
  const kept: RetrievedFunction[] = [];
  for (const fn of found) {
    if (typeof fn?.code !== 'string' || typeof fn.name !== 'string') continue;
    if (kept.some((other) => other.name === fn.name)) continue;
    if (await isSingleDeclaration(fn.name, fn.code)) kept.push(fn);
  }
  return kept;
}

/**
 * One saved function bound by name in the model's scope: its code is evaluated in a closure of its own that hands
 * back only the function, so nothing it declares (a `console`, a `tools`) reaches the model's code.
 */
function bindingOf(fn: RetrievedFunction): string {
  return `const ${fn.name} = (() => {\n${fn.code}\n;return ${fn.name};\n})();`;
}
