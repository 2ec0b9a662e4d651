import type { Action } from './policy.js';

/** An action in a few words, for reasons: `tool "send_email"`. */
export function describeAction(action: Action): string {
  switch (action.kind) {
    case 'tool':
      return `tool "${action.tool}"`;
    case 'spawn':
      return `spawning agent "${action.agent}"`;
    case 'memory.write':
      return `writing memory "${action.key}"`;
    case 'model.generate':
      return `calling model "${action.model}"`;
    case 'plan':
      return `${action.replan ? 'replan' : 'plan'} revision ${action.revision} (${action.steps.length} steps)`;
  }
}
