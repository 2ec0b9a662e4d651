import type { RunEvent, RunStartEvent } from '../core/events.js';
import type { Message } from '../core/messages.js';
import type { OpenAIChatMessage } from './trajectory.js';

/** One role's turn as a training example, in OpenAI's chat format, labelled for that role. */
export interface RoleExample {
  messages: OpenAIChatMessage[];
  metadata: {
    runId: string;
    role: string;
    round: number;
    /** Generator and refiner: the verifier accepted this output; verifier: its own verdict. */
    label: 'accepted' | 'rejected' | 'unjudged';
    /** Whether the run's final answer was accepted. */
    outcome: 'accepted' | 'rejected';
    simulated: boolean;
  };
}

interface RecordedTurn {
  role: string;
  round: number;
  messages: Message[];
  output: string;
  accepted?: boolean;
}

/**
 * A multi-agent run's role turns (`role-turn` records, e.g. MALT's generator, verifier and refiner) as
 * per-role examples, one per turn: each role's model can be trained on its own turns, with the labels MALT
 * assigns credit by.
 */
export function toRoleTrajectories(events: readonly RunEvent[]): RoleExample[] {
  const start = events.find((event): event is RunStartEvent => event.type === 'run-start');
  const turns = events.flatMap((event) =>
    event.type === 'strategy-record' && event.kind === 'role-turn' ? [event.data as unknown as RecordedTurn] : [],
  );
  const last = [...turns].reverse().find((turn) => turn.role === 'verifier');
  const outcome = last?.accepted ? 'accepted' : 'rejected';
  return turns.map((turn) => ({
    messages: [...turn.messages.map(toChat), { role: 'assistant' as const, content: turn.output }],
    metadata: {
      runId: start?.runId ?? '',
      role: turn.role,
      round: turn.round,
      label: turn.accepted === undefined ? 'unjudged' : turn.accepted ? 'accepted' : 'rejected',
      outcome,
      simulated: start?.simulated === true,
    },
  }));
}

function toChat(message: Message): OpenAIChatMessage {
  const text =
    typeof message.content === 'string'
      ? message.content
      : message.content.map((part) => ('text' in part && typeof part.text === 'string' ? part.text : '')).join('');
  return { role: message.role === 'system' ? 'system' : 'user', content: text };
}
