import type { Message } from '../../core/messages.js';
import { streamFromResponse } from '../../models/collect-stream.js';
import type { LanguageModel, ModelRequest, ModelResponse, ModelStreamPart } from '../../models/language-model.js';
import { planRequest } from '../../strategies/plan-execute/plan.js';
import { valueRequest } from '../../strategies/search/value-prompt.js';
import { hashString, type PlanningAction, type PlanningTask, seededRandom } from './planning-domain.js';

/** Settings of the simulated proposer. */
export interface SimulatedProposerOptions {
  /** Chance that a proposed action is a correct (cost-optimal) next action. */
  p: number;
  /** Standard deviation of the noise on value estimates, in steps. @default 1 */
  sigma?: number;
  seed: number;
}

/**
 * A SIMULATED proposer of controlled quality, not a language model. It knows the task (like an oracle) and
 * reads the state off the conversation: the successful tool calls in the messages, applied from the initial
 * state. Then, by what the last user message asks:
 * - act (default): with probability `p` a correct next action (on some cost-optimal plan); otherwise a
 *   plausibly wrong one, half applicable but suboptimal, half inapplicable. At the goal it answers "Done.".
 * - value (`valueRequest`): `{"remaining": d + N(0, sigma)}` with d the exact optimal steps to go.
 * - PLAN (`planRequest`): a whole plan of steps each drawn like act-mode proposals from the imagined state.
 * Stateless and deterministic given the seed and the request: each choice is seeded by a hash of the messages
 * and its index, so the n choices of one call differ, and a rerun, or a resumed run in another process, gets
 * the same answers. `n` choices come in one call (`supportsChoices`).
 */
export class SimulatedProposer<S> implements LanguageModel {
  readonly specificationVersion = 'warden-1' as const;
  readonly provider = 'simulated';
  readonly modelId: string;
  readonly simulated = true;
  /** Answers `n` choices in one call, each seeded apart. */
  readonly supportsChoices = true;

  constructor(
    private readonly task: PlanningTask<S>,
    private readonly options: SimulatedProposerOptions,
  ) {
    this.modelId = `proposer-p${options.p}-s${options.sigma ?? 1}`;
  }

  async doGenerate(request: ModelRequest): Promise<ModelResponse> {
    const digest = hashString(JSON.stringify(request.messages), this.options.seed);
    const state = this.stateOf(request.messages);
    const ask = lastUserText(request.messages);
    const n = Math.max(1, request.n ?? 1);
    const choices = Array.from({ length: n }, (_, i) =>
      this.answer(state, ask, digest, i, seededRandom(digest + i * 2654435761)),
    );
    const inputTokens = Math.ceil(JSON.stringify(request.messages).length / 4);
    const outputTokens = choices.reduce((sum, choice) => sum + Math.ceil(JSON.stringify(choice).length / 4), 0);
    const finish = (content: ModelResponse['content']) =>
      content.some((part) => part.type === 'tool-call') ? ('tool-calls' as const) : ('stop' as const);
    const first = choices[0] as ModelResponse['content'];
    const response: ModelResponse = {
      content: first,
      finishReason: finish(first),
      usage: { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens },
    };
    if (n > 1) response.choices = choices.map((content) => ({ content, finishReason: finish(content) }));
    return response;
  }

  /** One choice: a value estimate, a plan, "Done." at the goal, or one proposed tool call. */
  private answer(state: S, ask: string, digest: number, index: number, random: () => number): ModelResponse['content'] {
    if (ask.includes(valueRequest)) {
      const exact = this.task.remaining(state).steps;
      const noisy = Number.isFinite(exact) ? exact + gaussian(random) * (this.options.sigma ?? 1) : 99;
      return [{ type: 'text', text: JSON.stringify({ remaining: Math.max(0, Math.round(noisy * 10) / 10) }) }];
    }
    if (ask.includes(planRequest)) {
      const steps: Array<{ tool: string; input: Record<string, string>; expect: string }> = [];
      let imagined = state;
      for (let i = 0; i < 40 && !this.task.isGoal(imagined); i++) {
        const action = this.propose(imagined, random);
        const outcome = this.task.step(imagined, action);
        steps.push({ ...action, expect: outcome.ok ? outcome.output : 'succeeds' });
        if (outcome.ok) imagined = outcome.state;
      }
      return [{ type: 'text', text: JSON.stringify({ steps }) }];
    }
    if (this.task.isGoal(state)) return [{ type: 'text', text: 'Done.' }];
    const action = this.propose(state, random);
    const id = `call_${(digest % 100000).toString(36)}_${index}`;
    return [{ type: 'tool-call', toolCallId: id, toolName: action.tool, arguments: JSON.stringify(action.input) }];
  }

  async doStream(request: ModelRequest): Promise<ReadableStream<ModelStreamPart>> {
    return streamFromResponse(await this.doGenerate(request));
  }

  /** One proposal from `state`: correct with probability p, else half suboptimal, half inapplicable. */
  propose(state: S, random: () => number): PlanningAction {
    const here = this.task.remaining(state);
    const correct: PlanningAction[] = [];
    const suboptimal: PlanningAction[] = [];
    const inapplicable: PlanningAction[] = [];
    for (const action of this.task.actions(state)) {
      const outcome = this.task.step(state, action);
      if (!outcome.ok) inapplicable.push(action);
      else if (this.task.key(outcome.state) === this.task.key(state)) suboptimal.push(action);
      else {
        const there = this.task.remaining(outcome.state);
        const optimal = outcome.cost + there.cost === here.cost && there.steps === here.steps - 1;
        (optimal ? correct : suboptimal).push(action);
      }
    }
    const roll = random();
    const p = this.options.p;
    const from = (list: PlanningAction[]) => list[Math.floor(random() * list.length)] as PlanningAction;
    if (correct.length > 0 && (roll < p || (suboptimal.length === 0 && inapplicable.length === 0))) {
      return from(correct);
    }
    const wrong = roll < p + (1 - p) / 2 ? suboptimal : inapplicable;
    return from(wrong.length > 0 ? wrong : suboptimal.length > 0 ? suboptimal : inapplicable);
  }

  /** The state the conversation has reached: its successful tool calls applied in order. */
  stateOf(messages: readonly Message[]): S {
    const failed = new Set<string>();
    for (const message of messages) {
      if (message.role !== 'tool') continue;
      for (const part of message.content) if (part.isError) failed.add(part.toolCallId);
    }
    let state = this.task.initial;
    for (const message of messages) {
      if (message.role !== 'assistant' || typeof message.content === 'string') continue;
      for (const part of message.content) {
        if (part.type !== 'tool-call' || failed.has(part.toolCallId)) continue;
        const outcome = this.task.step(state, { tool: part.toolName, input: asInput(part.input) });
        if (outcome.ok) state = outcome.state;
      }
    }
    return state;
  }
}

function asInput(input: unknown): Record<string, string> {
  if (typeof input !== 'object' || input === null) return {};
  return Object.fromEntries(Object.entries(input).map(([k, v]) => [k, String(v)]));
}

function lastUserText(messages: readonly Message[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i] as Message;
    if (message.role === 'user') {
      return typeof message.content === 'string'
        ? message.content
        : message.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
    }
    if (message.role !== 'system') return '';
  }
  return '';
}

function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
