import { ModelOutputError } from '../../core/errors/run-errors.js';
import type { Message } from '../../core/messages.js';
import type { AgentKernel, CodeActionResult } from '../../kernel/agent-kernel.js';
import { createQuickJsSandbox } from '../../sandbox/quickjs/quickjs-sandbox.js';
import type { Sandbox, SandboxLimits } from '../../sandbox/sandbox.js';
import { parseFinalOutput } from '../react/final-output.js';
import { spotlight, spotlightInstruction } from '../react/spotlight.js';
import type { Strategy, StrategyInput, StrategyResult } from '../strategy.js';
import { type CodeBlock, type CodeLanguage, parseCodeBlocks } from './code-blocks.js';
import { type CodeActLibrary, openLibrary } from './library.js';
import { formatObservation } from './observation.js';
import { codeActPrompt } from './prompt.js';

/** Settings of the CodeAct strategy. */
export interface CodeActOptions {
  /** Runs JavaScript blocks. @default a QuickJS sandbox with a warm worker, shared by this strategy's runs */
  javascript?: Sandbox;
  /** Runs Python blocks (e.g. `createPythonSandbox()`); without it, a Python block is refused with a note. */
  python?: Sandbox;
  /** Runs shell blocks (e.g. `createShellSandbox()`). */
  shell?: Sandbox;
  /** The language of a fence without one. @default 'javascript' */
  defaultLanguage?: CodeLanguage;
  /** Limits of each code action (time, memory, output). */
  limits?: SandboxLimits;
  /** Characters the model reads of each part of an observation; the rest is cut with a note. @default 4000 */
  maxObservationChars?: number;
  /** Replies in a row with nothing usable (empty, a block left open) before the run fails. @default 3 */
  maxMalformedReplies?: number;
  /** Saved functions (the action library): retrieved by relevance at the start of each run. */
  library?: CodeActLibrary;
}

/**
 * CodeAct: the model acts by writing code blocks. Each block is a code action (`kernel.runCode`): its tool calls
 * pass the policy and the journal like any other; what it printed, returned or threw is the next observation. A
 * reply without a code block is the final answer. Needs no native tool calling.
 */
export function codeact(options: CodeActOptions = {}): Strategy {
  let javascript = options.javascript;
  const sandboxFor = (language: CodeLanguage): Sandbox | undefined => {
    if (language === 'javascript') {
      javascript ??= createQuickJsSandbox();
      return javascript;
    }
    return language === 'python' ? options.python : options.shell;
  };
  return { name: 'codeact', run: (input, kernel) => runCodeAct(input, kernel, options, sandboxFor) };
}

async function runCodeAct(
  input: StrategyInput,
  kernel: AgentKernel,
  options: CodeActOptions,
  sandboxFor: (language: CodeLanguage) => Sandbox | undefined,
): Promise<StrategyResult> {
  const fallback = options.defaultLanguage ?? 'javascript';
  const maxChars = options.maxObservationChars ?? 4000;
  const maxMalformed = options.maxMalformedReplies ?? 3;
  const languages = (['javascript', 'python', 'shell'] as const).filter(
    (language) => language === 'javascript' || sandboxFor(language),
  );
  const task = input.messages.map((message) => (typeof message.content === 'string' ? message.content : '')).join('\n');
  const library = options.library ? await openLibrary(options.library, kernel, task) : undefined;
  const hidden = new Set(library?.toolNames ?? []);
  const tools = kernel.toolSpecs.filter((tool) => !hidden.has(tool.name));

  const messages: Message[] = [
    {
      role: 'system',
      content: codeActPrompt({
        ...(input.instructions && { instructions: input.instructions }),
        tools,
        languages,
        library: library?.functions ?? [],
        ...(input.output && { outputSchema: input.output.jsonSchema }),
        ...(input.spotlight && { spotlight: spotlightInstruction }),
      }),
    },
    ...input.messages,
  ];
  let malformed = 0;
  let repairedOutput = false;

  for (;;) {
    const response = await kernel.generate({ messages, tools: false });
    const text = response.text;
    messages.push({ role: 'assistant', content: text });
    const parsed = parseCodeBlocks(text, fallback);
    const problem = parsed.unterminated
      ? 'Your code block was never closed with ```, so nothing ran. Send the whole block again, closed.'
      : parsed.blocks.length === 0 && text.trim() === ''
        ? 'Your reply was empty. Reply with a ```js code block to act, or with the final answer as plain text.'
        : undefined;
    if (problem) {
      if (++malformed >= maxMalformed) {
        throw new ModelOutputError(
          `The model sent ${malformed} replies in a row with no usable code block or answer. Last problem: ${problem}`,
          { text },
        );
      }
      messages.push({ role: 'user', content: problem });
      continue;
    }
    malformed = 0;

    if (parsed.blocks.length === 0) {
      if (!input.output) return { text, output: text };
      const final = parseFinalOutput(text, input.output);
      if (final.ok) return { text, output: final.value };
      if (repairedOutput) {
        throw new ModelOutputError(
          `The final answer does not match the output schema after one repair round. ${final.problem}`,
          { text, issues: final.issues },
        );
      }
      repairedOutput = true;
      messages.push({
        role: 'user',
        content: `${final.problem} Reply with only a JSON value that matches this JSON Schema, nothing else:\n${JSON.stringify(input.output.jsonSchema)}`,
      });
      continue;
    }

    const observations: string[] = [];
    for (const [i, block] of parsed.blocks.entries()) {
      const observation = await act(kernel, block, options, sandboxFor, library, maxChars, input.spotlight === true);
      observations.push(parsed.blocks.length > 1 ? `Block ${i + 1}:\n${observation.text}` : observation.text);
      if (observation.failed && i < parsed.blocks.length - 1) {
        observations.push(`The remaining ${parsed.blocks.length - i - 1} block(s) did not run.`);
        break;
      }
    }
    messages.push({ role: 'user', content: `Observation:\n${observations.join('\n\n')}` });
  }
}

/** Runs one block as a code action and turns its outcome into what the model reads. */
async function act(
  kernel: AgentKernel,
  block: CodeBlock,
  options: CodeActOptions,
  sandboxFor: (language: CodeLanguage) => Sandbox | undefined,
  library: Awaited<ReturnType<typeof openLibrary>> | undefined,
  maxChars: number,
  spotlighting: boolean,
): Promise<{ text: string; failed: boolean }> {
  const sandbox = sandboxFor(block.language);
  if (!sandbox) {
    return {
      text: `error: ${block.language} is not available here, so nothing ran. Write the code in JavaScript (\`\`\`js).`,
      failed: true,
    };
  }
  const code = block.language === 'javascript' && library ? library.withPrelude(block.code) : block.code;
  const tools = [...kernel.toolNames].filter((name) => !library?.toolNames.includes(name));
  const result: CodeActionResult = await kernel.runCode({
    code,
    sandbox,
    tools,
    ...(options.limits && { limits: options.limits }),
  });
  if (library && block.language === 'javascript') await library.recordUse(block.code, result.error === undefined);
  const text = formatObservation(result, { maxChars });
  return {
    text: spotlighting && result.labels.includes('untrusted') ? spotlight(text) : text,
    failed: result.error !== undefined,
  };
}
