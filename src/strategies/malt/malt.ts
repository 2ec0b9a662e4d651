import type { JsonValue } from '../../core/json.js';
import type { Message } from '../../core/messages.js';
import type { AgentKernel, GenerateRequest } from '../../kernel/agent-kernel.js';
import type { Strategy, StrategyInput, StrategyResult } from '../strategy.js';

/** The three roles of MALT. */
export type MaltRole = 'generator' | 'verifier' | 'refiner';

/** Settings of generator → verifier → refiner. */
export interface MaltOptions {
  /** Refinements after the first verification. @default 2 */
  rounds?: number;
  /** Each role's instructions, put before the task. */
  roles?: Partial<Record<MaltRole, string>>;
}

/** One role's turn as journaled (`strategy-record` of kind `role-turn`): what it read and what it answered. */
export interface RoleTurn {
  role: MaltRole;
  round: number;
  messages: Message[];
  output: string;
  /** The verifier's verdict (its turns), or whether the verifier accepted this output (generator, refiner). */
  accepted?: boolean;
}

const defaultRoles: Record<MaltRole, string> = {
  generator: 'You are the generator: answer the task.',
  verifier:
    'You are the verifier: check the candidate answer against the task. Reply with only JSON: {"ok": true} or {"ok": false, "critique": "<what is wrong>"}.',
  refiner:
    'You are the refiner: rewrite the candidate answer so that it meets the critique. Reply with the answer only.',
};

/**
 * MALT's generator → verifier → refiner as a reusable strategy: the generator answers (purpose `generate`),
 * the verifier judges (`verify`, JSON `{ok, critique}`), and while it rejects and rounds remain the refiner
 * rewrites the answer from the critique (`refine`). Every turn is journaled as a `role-turn` record, so
 * `toRoleTrajectories` exports the run as per-role training examples labelled by the verifier's verdicts.
 */
export function malt(options: MaltOptions = {}): Strategy {
  return { name: 'malt', run: (input, kernel) => runMalt(input, kernel, options) };
}

async function runMalt(input: StrategyInput, kernel: AgentKernel, options: MaltOptions): Promise<StrategyResult> {
  const roles = { ...defaultRoles, ...options.roles };
  const turns: RoleTurn[] = [];
  const system = (role: MaltRole) => [roles[role], input.instructions].filter(Boolean).join('\n\n');
  const turn = async (role: MaltRole, round: number, messages: Message[]): Promise<string> => {
    kernel.beginStep();
    const request: GenerateRequest = {
      messages,
      tools: false,
      purpose: role === 'generator' ? 'generate' : role === 'verifier' ? 'verify' : 'refine',
    };
    const answer = await kernel.generate(request);
    turns.push({ role, round, messages, output: answer.text });
    return answer.text;
  };
  let answer = await turn('generator', 0, [{ role: 'system', content: system('generator') }, ...input.messages]);
  let accepted = false;
  const maxRounds = options.rounds ?? 2;
  for (let round = 0; ; round++) {
    const verdict = parseVerdict(
      await turn('verifier', round, [
        { role: 'system', content: system('verifier') },
        ...input.messages,
        { role: 'user', content: `Candidate answer:\n${answer}` },
      ]),
    );
    (turns.at(-1) as RoleTurn).accepted = verdict.ok;
    (turns.at(-2) as RoleTurn).accepted = verdict.ok;
    if (verdict.ok) {
      accepted = true;
      break;
    }
    if (round >= maxRounds) break;
    answer = await turn('refiner', round + 1, [
      { role: 'system', content: system('refiner') },
      ...input.messages,
      { role: 'user', content: `Candidate answer:\n${answer}\n\nCritique:\n${verdict.critique}` },
    ]);
  }
  for (const recorded of turns) kernel.record('role-turn', recorded as unknown as JsonValue);
  return { text: answer, output: { answer, accepted, rounds: turns.filter((t) => t.role === 'verifier').length } };
}

/** Reads the verifier's JSON; anything else is a rejection that quotes it as the critique. */
export function parseVerdict(text: string): { ok: boolean; critique: string } {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start >= 0 && end > start) {
    try {
      const value = JSON.parse(text.slice(start, end + 1)) as { ok?: unknown; critique?: unknown };
      if (typeof value.ok === 'boolean') {
        return { ok: value.ok, critique: typeof value.critique === 'string' ? value.critique : '' };
      }
    } catch {
      // fall through: not a verdict
    }
  }
  return { ok: false, critique: `The verifier did not give a verdict: ${text.slice(0, 200)}` };
}
