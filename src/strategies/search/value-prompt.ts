/** The request a search planner appends to a path to ask for a value estimate. */
export const valueRequest =
  'Estimate how many more tool calls are needed to reach the goal from here. Reply with only JSON: {"remaining": <number>}.';

/** Reads `{"remaining": n}` (or a bare number) from a model's reply; `undefined` when it gives none. */
export function parseRemaining(text: string): number | undefined {
  const match = /"remaining"\s*:\s*(-?\d+(?:\.\d+)?)/.exec(text) ?? /^\s*(-?\d+(?:\.\d+)?)\s*$/.exec(text);
  if (!match) return undefined;
  const value = Number(match[1]);
  return Number.isFinite(value) ? Math.max(0, value) : undefined;
}
