import { ModelOutputError } from '../../core/errors/run-errors.js';
import type { Message, TextPart, ToolCallPart, ToolResultPart } from '../../core/messages.js';
import type { AgentKernel, PendingToolCall, ToolCallResult } from '../../kernel/kernel.js';
import { extractTextToolCalls } from '../../tools/text-tool-calls.js';
import type { Strategy, StrategyInput, StrategyResult } from '../strategy.js';
import { parseFinalOutput } from './final-output.js';
import { spotlight, spotlightInstruction } from './spotlight.js';

/** ReAct: the tool-calling loop. The model calls tools until it answers without one. */
export function react(): Strategy {
  return { name: 'react', run: runReact };
}

async function runReact(input: StrategyInput, kernel: AgentKernel): Promise<StrategyResult> {
  const messages: Message[] = [];
  const system = systemPrompt(input);
  if (system) messages.push({ role: 'system', content: system });
  messages.push(...input.messages);
  let repairedOutput = false;
  let escalate = false;

  for (;;) {
    // The repair call after a failed output validation may go to a stronger model (routing's `output-invalid`).
    const response = await kernel.generate(escalate ? { messages, escalate: 'output-invalid' } : { messages });
    escalate = false;
    let calls: PendingToolCall[] = response.toolCalls;
    let text = response.text;
    if (calls.length === 0 && text && kernel.toolNames.size > 0) {
      calls = extractTextToolCalls(text, kernel.toolNames).map((call, i) => ({
        toolCallId: `text_call_${messages.length}_${i}`,
        toolName: call.toolName,
        input: call.input,
        repair: call.repair,
      }));
      if (calls.length > 0) text = '';
    }

    if (calls.length === 0) {
      if (!input.output) return { text, output: text };
      const final = parseFinalOutput(text, input.output);
      if (final.ok) return { text, output: final.value };
      if (repairedOutput) {
        throw new ModelOutputError(
          `The final answer does not match the output schema after one repair round. ${final.problem}`,
          {
            text,
            issues: final.issues,
          },
        );
      }
      repairedOutput = true;
      escalate = true;
      messages.push({ role: 'assistant', content: text });
      messages.push({
        role: 'user',
        content: `${final.problem} Reply with only a JSON value that matches this JSON Schema, nothing else:\n${JSON.stringify(input.output.jsonSchema)}`,
      });
      continue;
    }

    const results = await kernel.callTools(calls);
    messages.push(assistantMessage(text, results));
    messages.push({ role: 'tool', content: results.map((result) => toolResultPart(result, input.spotlight === true)) });
  }
}

function systemPrompt(input: StrategyInput): string {
  const parts: string[] = [];
  if (input.instructions) parts.push(input.instructions);
  if (input.spotlight) parts.push(spotlightInstruction);
  if (input.output) {
    parts.push(
      `When you give your final answer, reply with only a JSON value matching this JSON Schema:\n${JSON.stringify(input.output.jsonSchema)}`,
    );
  }
  return parts.join('\n\n');
}

function assistantMessage(text: string, results: readonly ToolCallResult[]): Message {
  const content: Array<TextPart | ToolCallPart> = [];
  if (text) content.push({ type: 'text', text });
  for (const result of results) {
    content.push({ type: 'tool-call', toolCallId: result.toolCallId, toolName: result.toolName, input: result.input });
  }
  return { role: 'assistant', content };
}

function toolResultPart(result: ToolCallResult, spotlighting: boolean): ToolResultPart {
  const part: ToolResultPart = {
    type: 'tool-result',
    toolCallId: result.toolCallId,
    toolName: result.toolName,
    output: spotlighting && result.labels.includes('untrusted') ? spotlight(result.output) : result.output,
  };
  if (result.isError) part.isError = true;
  return part;
}
