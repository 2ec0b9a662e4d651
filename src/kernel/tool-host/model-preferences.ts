import type { ModelPreferences } from '@modelcontextprotocol/sdk/types.js';
import type { LanguageModel } from '../../models/language-model.js';
import type { RoutedModel } from '../routing/model-router.js';

/**
 * The model of the agent's routing ladder (cheapest first) that best fits a server's `modelPreferences`, or
 * undefined to start where the run's own calls start. Only the agent's own models can be chosen: a hint is matched
 * as a substring of a ladder model's `provider:modelId` (the first hint that matches any wins, as the MCP spec
 * orders them); without a match, an `intelligencePriority` above the cost and speed priorities (and above 0.5)
 * picks the strongest model, a cost or speed priority above the others (and above 0.5) the cheapest. The choice
 * depends on the request and the ladder alone, so a resumed run chooses the same.
 */
export function preferredModel(
  ladder: readonly RoutedModel[] | undefined,
  preferences: ModelPreferences | undefined,
): LanguageModel | undefined {
  if (!ladder || ladder.length < 2 || !preferences) return undefined;
  for (const hint of preferences.hints ?? []) {
    const wanted = typeof hint?.name === 'string' ? hint.name.trim().toLowerCase() : '';
    if (!wanted) continue;
    const match = ladder.find((entry) => entry.name.toLowerCase().includes(wanted));
    if (match) return match.model;
  }
  const intelligence = priority(preferences.intelligencePriority);
  const thrift = Math.max(priority(preferences.costPriority), priority(preferences.speedPriority));
  if (intelligence > 0.5 && intelligence > thrift) return ladder.at(-1)!.model;
  if (thrift > 0.5 && thrift > intelligence) return ladder[0]!.model;
  return undefined;
}

/** A priority as the spec bounds it (0 to 1); anything else counts as not given. */
function priority(value: unknown): number {
  return typeof value === 'number' && value >= 0 && value <= 1 ? value : 0;
}
