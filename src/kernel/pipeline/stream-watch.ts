import type { LanguageModel, ModelStreamPart } from '../../models/language-model.js';

/**
 * A model whose streams tell whether any part came before a failure: a stream that already emitted text is not
 * retried (its deltas reached live listeners), as `withRetry` does for a stream.
 */
export function streamWatched(model: LanguageModel): { model: LanguageModel; sawPart: () => boolean } {
  let saw = false;
  const watched: LanguageModel = {
    specificationVersion: model.specificationVersion,
    provider: model.provider,
    modelId: model.modelId,
    doGenerate: (request) => model.doGenerate(request),
    async doStream(request) {
      const reader = (await model.doStream(request)).getReader();
      return new ReadableStream<ModelStreamPart>({
        async pull(controller) {
          try {
            const next = await reader.read();
            if (next.done) return controller.close();
            if (next.value.type !== 'error') saw = true;
            controller.enqueue(next.value);
          } catch (error) {
            controller.error(error);
          }
        },
        cancel: (reason) => reader.cancel(reason),
      });
    },
  };
  return { model: watched, sawPart: () => saw };
}
