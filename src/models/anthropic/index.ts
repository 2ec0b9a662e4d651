export { createAnthropic } from './anthropic-model.js';
export type { AnthropicSettings } from './anthropic-settings.js';
