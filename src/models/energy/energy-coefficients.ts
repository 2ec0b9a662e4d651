/**
 * Energy coefficients for the per-model energy ESTIMATE of a run: watt-hours per 1,000 input and output tokens, by
 * model class. These are rough, public, order-of-magnitude figures, not measurements of any provider; every report
 * labels them as an estimate. Sources and derivation (see docs/scheduler.md, "Energy estimate"):
 *
 * - `large` (GPT-4o, GPT-4.1, Claude Sonnet, Gemini Pro class): Epoch AI, "How much energy does ChatGPT use?"
 *   (2025) estimates ~0.3 Wh for a typical GPT-4o query of ~500 output tokens (H100s, ~100B active parameters)
 *   → 0.6 Wh per 1k output tokens; ~2.5 Wh for a 10k-token input → ~0.2 Wh per 1k input tokens.
 *   Sam Altman's disclosed average (0.34 Wh per query, 2025) and Jegham et al. (2025, 0.42 Wh per short GPT-4o
 *   query with data-centre overhead) are of the same order.
 * - `small` (…-mini, …-nano, Haiku, Flash, models of ≤ ~10B active parameters): `large` scaled by 1/5, an
 *   assumption from active parameters (compute per token scales with them); no public per-token figure.
 * - `reasoning` (o1, o3, Opus, GPT-4.5 class): twice `large` per token, an assumption; their many reasoning
 *   tokens are counted as output tokens already.
 * - `local` (Ollama, LM Studio, llama.cpp, vLLM on one workstation GPU, batch size 1): a 300 W GPU decoding at
 *   ~50 tokens/s (1.7 Wh per 1k output tokens) and prefilling at ~1,000 tokens/s (0.08 Wh per 1k input tokens):
 *   unbatched local inference spends more per token than a busy data centre.
 * - `simulated` (scripted and simulated models): 0; no language model ran.
 */
export interface EnergyCoefficients {
  /** Watt-hours per 1,000 input (prompt) tokens. */
  inputWhPerKTok: number;
  /** Watt-hours per 1,000 output (completion, reasoning) tokens. */
  outputWhPerKTok: number;
}

export type EnergyClass = 'small' | 'large' | 'reasoning' | 'local' | 'simulated';

export const energyCoefficients: Readonly<Record<EnergyClass, EnergyCoefficients>> = {
  small: { inputWhPerKTok: 0.04, outputWhPerKTok: 0.12 },
  large: { inputWhPerKTok: 0.2, outputWhPerKTok: 0.6 },
  reasoning: { inputWhPerKTok: 0.4, outputWhPerKTok: 1.2 },
  local: { inputWhPerKTok: 0.08, outputWhPerKTok: 1.7 },
  simulated: { inputWhPerKTok: 0, outputWhPerKTok: 0 },
};

const localProviders = new Set(['ollama', 'lmstudio', 'llamacpp', 'vllm']);
const smallPattern = /(mini|nano|haiku|flash|small|tiny|lite|[^0-9.](1|2|3|4|7|8)b\b)/i;
const reasoningPattern = /(^o[134](-|$)|opus|gpt-4\.5|reasoning|thinking)/i;

/**
 * The class of a model by its provider and id; `basis` says whether the id matched a pattern or the class is the
 * default (`large`, erring high) for an id nothing matched.
 */
export function energyClassOf(
  provider: string,
  modelId: string,
  simulated = false,
): { energyClass: EnergyClass; basis: 'matched' | 'default' } {
  if (simulated) return { energyClass: 'simulated', basis: 'matched' };
  if (localProviders.has(provider)) return { energyClass: 'local', basis: 'matched' };
  if (reasoningPattern.test(modelId) && !smallPattern.test(modelId))
    return { energyClass: 'reasoning', basis: 'matched' };
  if (smallPattern.test(modelId)) return { energyClass: 'small', basis: 'matched' };
  if (/(gpt-4|gpt-5|sonnet|gemini|claude|llama|qwen|mistral|o3-mini)/i.test(modelId)) {
    return { energyClass: 'large', basis: 'matched' };
  }
  return { energyClass: 'large', basis: 'default' };
}

/** Estimated watt-hours for `inputTokens` and `outputTokens` of one class. An estimate, never a measurement. */
export function estimateEnergyWh(energyClass: EnergyClass, inputTokens: number, outputTokens: number): number {
  const { inputWhPerKTok, outputWhPerKTok } = energyCoefficients[energyClass];
  return (inputTokens * inputWhPerKTok + outputTokens * outputWhPerKTok) / 1000;
}
