export * from './anthropic/index.js';
export * from './collect-stream.js';
export * from './language-model.js';
export * from './openai/index.js';
export * from './pricing.js';
export * from './resolve-model.js';
export * from './retry/index.js';
export * from './energy/index.js';
