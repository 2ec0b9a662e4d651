export { createOpenAICompatible } from './openai-compatible-model.js';
export type { OpenAICompatibleSettings } from './openai-settings.js';
