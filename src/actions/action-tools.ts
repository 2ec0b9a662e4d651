import { z } from 'zod';
import { type Clock, systemClock } from '../core/clock.js';
import { createQuickJsSandbox } from '../sandbox/quickjs/quickjs-sandbox.js';
import type { Sandbox } from '../sandbox/sandbox.js';
import { defineTool } from '../tools/define-tool.js';
import type { Tool } from '../tools/tool.js';
import { ActionLibraryError, type ActionStore, type NewAction, validateNewAction } from './action-store.js';
import { actionToolNames } from './action-tool-names.js';
import { checkSingleDeclaration } from './declaration-check.js';
import { rankActions } from './rank-actions.js';

/** Settings of the action library's tools. */
export interface ActionLibraryToolsOptions {
  /** Runs a function's tests before it is saved, with no tools. @default a QuickJS sandbox of its own */
  testSandbox?: Sandbox;
  /** Gives `createdAt`. @default systemClock */
  clock?: Clock;
}

/**
 * The action library as three tools over a store: `save_action` (called from code; the policy decides it like
 * any tool, e.g. `tool: save_action`), `search_actions` and `record_action_use` (called by the CodeAct strategy,
 * hidden from the model). Add them to an agent's tools and give its `codeact()` a `library`.
 */
export function actionLibraryTools(store: ActionStore, options: ActionLibraryToolsOptions = {}): Tool[] {
  const clock = options.clock ?? systemClock;
  let testSandbox = options.testSandbox;
  const save = defineTool({
    name: actionToolNames.save,
    description:
      'Save a JavaScript function you wrote so later runs can call it. Give its name, signature, a one-line docstring, its code (a declaration of the function; it may call tools.*) and tests: JavaScript expressions that must be true (they run without tools). Saving a name again makes a new version.',
    input: z.object({
      name: z.string(),
      signature: z.string().min(1),
      docstring: z.string().min(1),
      code: z.string().min(1),
      tests: z.array(z.string()).max(20).default([]),
    }),
    execute: async (input: NewAction & { tests: string[] }) => {
      validateNewAction(input);
      await checkSingleDeclaration(input.name, input.code);
      testSandbox ??= createQuickJsSandbox({ poolSize: 0 });
      for (const test of input.tests) {
        const result = await testSandbox.execute(testProgram(input.name, input.code, test), {
          limits: { timeoutMs: 1000 },
        });
        if (result.value !== true) {
          const why = result.error ? `${result.error.code}: ${result.error.message}` : 'it was false';
          throw new ActionLibraryError(
            `Test "${test}" did not pass (${why}), so ${input.name} was not saved. Fix the function or the test and save again.`,
            'ACTION_TEST_FAILED',
            { test },
          );
        }
      }
      const saved = await store.save(input, clock.now());
      return { saved: saved.name, version: saved.version, testsPassed: saved.tests.length };
    },
  });
  const search = defineTool({
    name: actionToolNames.search,
    description: 'Find saved functions relevant to a task.',
    input: z.object({ query: z.string(), limit: z.number().int().min(1).max(20).default(5) }),
    readOnly: true,
    execute: async ({ query, limit }) => ({
      functions: rankActions(await store.list(), query, limit).map((action) => ({
        name: action.name,
        version: action.version,
        signature: action.signature,
        docstring: action.docstring,
        code: action.code,
        uses: action.uses,
        successes: action.successes,
      })),
    }),
  });
  const recordUse = defineTool({
    name: actionToolNames.recordUse,
    description: 'Count a use of saved functions.',
    input: z.object({
      uses: z.array(z.object({ name: z.string(), version: z.number().int().positive() })).max(50),
      ok: z.boolean(),
    }),
    idempotent: true,
    execute: async ({ uses, ok }) => {
      for (const use of uses) await store.recordUse(use.name, use.version, ok);
      return { recorded: uses.length };
    },
  });
  return [save, search, recordUse] as Tool[];
}

/**
 * One test as a program: the code in a function scope of its own that hands back only the declared function, then
 * the test. Whatever the code does at its top level (a `return` included), the test itself decides the result.
 */
export function testProgram(name: string, code: string, test: string): string {
  return [
    `const ${name} = (() => {\n${code}\n;return ${name};\n})();`,
    `if (typeof ${name} !== 'function') throw new TypeError('The code did not define the function ${name}.');`,
    `return Boolean(await (${test}));`,
  ].join('\n');
}
