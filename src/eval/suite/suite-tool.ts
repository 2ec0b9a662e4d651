import type { z } from 'zod';
import { defineTool, type ToolDefinition } from '../../tools/define-tool.js';
import type { Tool, ToolContext } from '../../tools/tool.js';

/** A suite tool: defined once, with its schema compiled once, and bound to each case's fresh state. */
export interface SuiteTool<State> {
  tool: Tool;
  execute: (state: State, input: any, context: ToolContext) => unknown;
}

type SuiteToolDefinition<State, Input extends z.ZodType> = Omit<ToolDefinition<Input, undefined>, 'execute'> & {
  execute: (state: State, input: z.output<Input>, context: ToolContext) => unknown;
};

/**
 * Returns a `defineTool` for tools that act on a suite's state. A toolkit built with it costs almost
 * nothing per case, where `defineTool` inside `createToolkit` would convert every schema again.
 * @example
 * const define = suiteToolDefiner<BankState>();
 * export const getBalance = define({ name: 'get_balance', description: '…', input: z.object({}), execute: (state) => state.balance });
 * export default (state: BankState) => bindTools([getBalance], state);
 */
export function suiteToolDefiner<State>() {
  return <Input extends z.ZodType>(definition: SuiteToolDefinition<State, Input>): SuiteTool<State> => {
    const { execute, ...rest } = definition;
    const tool = defineTool({
      ...rest,
      execute: () => {
        throw new Error(
          `Tool "${definition.name}" is not bound to a state: build the toolkit with bindTools(tools, state).`,
        );
      },
    } as ToolDefinition<Input, undefined>);
    return { tool, execute };
  };
}

/** The suite's tools bound to one state: what `createToolkit(state)` returns. */
export function bindTools<State>(tools: ReadonlyArray<SuiteTool<State>>, state: State): Tool[] {
  return tools.map(({ tool, execute }) => ({
    ...tool,
    execute: (input: unknown, context: ToolContext) => execute(state, input, context),
  }));
}
