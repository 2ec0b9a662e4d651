import { describe, expect, it } from 'vitest';
import { ScriptedModel } from '../../testing/scripted-model.js';
import type { RoutedModel } from '../routing/model-router.js';
import { preferredModel } from './model-preferences.js';

const routed = (provider: string, modelId: string): RoutedModel => ({
  model: new ScriptedModel([], { provider, modelId }),
  name: `${provider}:${modelId}`,
});
const mini = routed('openai', 'gpt-4o-mini');
const sonnet = routed('anthropic', 'claude-sonnet-4');
const opus = routed('anthropic', 'claude-opus-4');
const ladder = [mini, sonnet, opus];

describe('preferredModel: a server’s modelPreferences among the agent’s own models', () => {
  it('takes the first hint that names one of them, as a case-insensitive substring', () => {
    expect(preferredModel(ladder, { hints: [{ name: 'gemini' }, { name: 'Sonnet' }, { name: 'mini' }] })).toBe(
      sonnet.model,
    );
    expect(preferredModel(ladder, { hints: [{ name: 'claude' }] })).toBe(sonnet.model);
  });

  it('without a matching hint, a clear priority picks the strongest or the cheapest', () => {
    expect(preferredModel(ladder, { hints: [{ name: 'gemini' }], intelligencePriority: 0.9 })).toBe(opus.model);
    expect(preferredModel(ladder, { costPriority: 0.8, intelligencePriority: 0.3 })).toBe(mini.model);
    expect(preferredModel(ladder, { speedPriority: 0.7 })).toBe(mini.model);
  });

  it('leaves the choice to the run when the preferences say nothing clear or there is nothing to choose', () => {
    expect(preferredModel(ladder, undefined)).toBeUndefined();
    expect(preferredModel(ladder, {})).toBeUndefined();
    expect(preferredModel(ladder, { intelligencePriority: 0.5, costPriority: 0.5 })).toBeUndefined();
    expect(preferredModel(ladder, { intelligencePriority: 0.9, costPriority: 0.9 })).toBeUndefined();
    expect(preferredModel([mini], { hints: [{ name: 'mini' }] })).toBeUndefined();
    expect(preferredModel(undefined, { intelligencePriority: 1 })).toBeUndefined();
  });

  it('ignores what a hostile server sends outside the spec: blank or odd hints, priorities out of range', () => {
    const odd = { hints: [{ name: '' }, { name: '   ' }, {}, null, { name: 42 }], intelligencePriority: 7 };
    expect(preferredModel(ladder, odd as never)).toBeUndefined();
    expect(preferredModel(ladder, { costPriority: -1, intelligencePriority: Number.NaN } as never)).toBeUndefined();
  });
});
