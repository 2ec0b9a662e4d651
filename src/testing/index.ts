export * from './anthropic-test-server/index.js';
export * from './openai-test-server/index.js';
export * from './scripted-model.js';
