import type { Message } from '../core/messages.js';
import type { AgentKernel } from '../kernel/kernel.js';
import type { SchemaAdapter } from '../tools/schema-adapter.js';

/** What a strategy is asked to do. */
export interface StrategyInput {
  /** The conversation to continue; usually one user message. */
  messages: Message[];
  instructions?: string;
  /** When set, the final answer must be JSON matching it. */
  output?: SchemaAdapter;
  /** Mark tool results labelled `untrusted` as data, not instructions (spotlighting). */
  spotlight?: boolean;
}

export interface StrategyResult {
  /** The final answer as text. */
  text: string;
  /** The parsed final answer when an output schema was given, else the text. */
  output: unknown;
}

/**
 * How an agent decides what to do next. A strategy only uses the kernel's syscalls,
 * and is deterministic given their results, so a run can be replayed from its log.
 */
export interface Strategy {
  readonly name: string;
  run(input: StrategyInput, kernel: AgentKernel): Promise<StrategyResult>;
}
