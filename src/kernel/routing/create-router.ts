import { type LanguageModel, modelName } from '../../models/language-model.js';
import { findPrice, type PriceTable } from '../../models/pricing.js';
import { ModelRouter, type RoutedModel } from './model-router.js';
import type { ModelRouting } from './model-routing.js';

/** One run's router: the agent's `model` first, then `routing.models`, each resolved and priced. */
export function createRouter(
  first: LanguageModel,
  routing: ModelRouting,
  resolve: (spec: string) => LanguageModel,
  prices: PriceTable,
): ModelRouter {
  const entry = (model: LanguageModel): RoutedModel => {
    const price = findPrice(prices, model.provider, model.modelId);
    return { model, name: modelName(model), ...(price && { price }) };
  };
  const rest = routing.models.map((spec) => entry(typeof spec === 'string' ? resolve(spec) : spec));
  return new ModelRouter([entry(first), ...rest], routing);
}
