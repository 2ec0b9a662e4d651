import type { RunEvent, RunStartEvent } from '../core/events.js';
import { toolOutputText } from '../core/messages.js';

/** A chat message in OpenAI's fine-tuning format. */
export type OpenAIChatMessage =
  | { role: 'system' | 'user'; content: string }
  | {
      role: 'assistant';
      content: string | null;
      tool_calls?: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }>;
    }
  | { role: 'tool'; tool_call_id: string; content: string };

/** One run as a training example: `{ messages, metadata }`, one JSON line per run in `openai-chat` export. */
export interface ChatTrajectory {
  messages: OpenAIChatMessage[];
  metadata: { runId: string; agent: string; model: string; status: string; simulated: boolean; tools: string[] };
}

/** Rebuilds the conversation of a run from its log: the trajectory format fine-tuning papers consume. */
export function toChatTrajectory(events: readonly RunEvent[]): ChatTrajectory | undefined {
  const start = events.find((event): event is RunStartEvent => event.type === 'run-start');
  if (!start) return undefined;
  const messages: OpenAIChatMessage[] = [];
  if (start.instructions) messages.push({ role: 'system', content: start.instructions });
  if (typeof start.input === 'string') messages.push({ role: 'user', content: start.input });
  else {
    for (const message of start.input) {
      if (message.role === 'system' || message.role === 'user') {
        const content =
          typeof message.content === 'string'
            ? message.content
            : message.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
        messages.push({ role: message.role, content });
      }
    }
  }
  let status = 'running';
  for (const event of events) {
    if (event.type === 'model-response') {
      let text = '';
      const calls: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }> = [];
      for (const part of event.content) {
        if (part.type === 'text') text += part.text;
        else {
          const args = typeof part.input === 'string' ? part.input : JSON.stringify(part.input);
          calls.push({ id: part.toolCallId, type: 'function', function: { name: part.toolName, arguments: args } });
        }
      }
      messages.push({ role: 'assistant', content: text || null, ...(calls.length > 0 && { tool_calls: calls }) });
    } else if (event.type === 'tool-call' && event.repair?.kind === 'text-tool-call') {
      // A call the model wrote as text is exported as the structured call it meant.
      const last = messages.findLast((message) => message.role === 'assistant');
      if (last?.role === 'assistant') {
        last.content = null;
        last.tool_calls = [
          ...(last.tool_calls ?? []),
          {
            id: event.toolCallId,
            type: 'function',
            function: { name: event.toolName, arguments: JSON.stringify(event.input) },
          },
        ];
      }
    } else if (event.type === 'tool-result') {
      messages.push({ role: 'tool', tool_call_id: event.toolCallId, content: toolOutputText(event.output) });
    } else if (event.type === 'tool-error') {
      messages.push({ role: 'tool', tool_call_id: event.toolCallId, content: `Error: ${event.error.message}` });
    } else if (event.type === 'run-end') status = event.status;
  }
  return {
    messages,
    metadata: {
      runId: start.runId,
      agent: start.agent,
      model: start.model,
      status,
      simulated: start.simulated === true,
      tools: start.tools ?? [],
    },
  };
}
