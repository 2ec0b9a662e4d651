export { fromAiSdkError, isAiSdkError } from './ai-sdk-error.js';
export type {
  AiSdkCallOptions,
  AiSdkGenerateResult,
  AiSdkLanguageModel,
  AiSdkStreamResult,
} from './ai-sdk-types.js';
export { type FromAiSdkOptions, fromAiSdk } from './from-ai-sdk.js';
