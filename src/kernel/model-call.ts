import { WardenError } from '../core/errors/warden-error.js';
import { tameThrown } from '../core/errors/tame-thrown.js';
import type { ModelResponseEvent } from '../core/events.js';
import { messageText, type Message } from '../core/messages.js';
import { addUsage, emptyUsage, type Usage } from '../core/usage.js';
import { collectStream } from '../models/collect-stream.js';
import {
  type LanguageModel,
  type ModelRequest,
  type ModelResponse,
  type ModelToolSpec,
  modelName,
} from '../models/language-model.js';
import { costOf } from '../models/pricing.js';
import { checkResponseUsage } from '../models/sanitize-usage.js';
import type { GenerateRequest, GenerateResult } from './agent-kernel.js';
import { RunHaltedError } from './control-flow.js';
import { fingerprintRequest, toolSpecDigest } from './fingerprint.js';
import { sourceOf } from './model-call-source.js';
import type { KernelContext } from './kernel-context.js';
import { checkResponseShape } from './check-model-response.js';
import { choicesOf, toContentPart, toResult } from './model-answer.js';
import { asksHuman, awaitApproval } from './pipeline/approve.js';
import { decideAndAccount } from './pipeline/decide-and-account.js';
import { ModelAttempts, replayRoute, startingModel } from './pipeline/retry-model-call.js';
import { verifyKind, verifyReplay } from './replay.js';
import type { SyscallScope } from './syscall-scope.js';

/** What the step bookkeeping of the kernel does around a model call. */
export interface StepControl {
  /** Opens a step for an `act` call when the strategy does not open steps itself; returns the step number. */
  stepFor(act: boolean): number;
}

/**
 * One model syscall, as a pipeline: replay → decide (`model.generate`, with its purpose) → account (reserve an
 * estimate on every ledger up to the root) → journal intent (`model-request` with the request's fingerprint)
 * → schedule → execute (n choices) → journal result (`model-response`) → settle the reservation.
 */
export async function generate(
  k: KernelContext,
  scope: SyscallScope,
  steps: StepControl,
  request: GenerateRequest,
  model: LanguageModel = startingModel(k, request), // routing: src/kernel/pipeline/retry-model-call.ts
): Promise<GenerateResult> {
  const { settings, state } = k;
  const purpose = request.purpose ?? 'act';
  const act = purpose === 'act';
  const n = Math.max(1, Math.floor(request.n ?? 1));
  const id = scope.next();
  const name = model === settings.model ? settings.modelName : modelName(model);
  const tools = selectTools(k, request.tools);
  const toolNames = tools === k.toolSpecs ? (k.toolSpecNames as string[]) : tools.map((tool) => tool.name);
  const fingerprint = fingerprintRequest(
    name,
    request.messages,
    {
      tools: tools.map(toolSpecDigest),
      defaults: settings.modelDefaults,
      toolChoice: request.toolChoice,
      responseFormat: request.responseFormat,
      temperature: request.temperature,
      maxOutputTokens: request.maxOutputTokens,
      n,
      purpose,
    },
    scope.conversation,
  );

  const recordedRequest = settings.recorded.modelRequests.get(id);
  if (!recordedRequest) verifyKind(settings.recorded, id, 'model');
  else {
    verifyReplay(
      id,
      { subject: recordedRequest.model, fingerprint: recordedRequest.fingerprint },
      { subject: name, fingerprint },
    );
  }
  const recorded = settings.recorded.models.get(id);
  if (recorded) {
    if (act) state.steps++;
    if (act && !state.manualSteps) state.stepNumber = state.steps;
    settings.ledger.charge({ steps: act ? 1 : 0, tokens: recorded.usage.totalTokens, costUsd: recorded.costUsd });
    state.account(recorded.usage, recorded.costUsd);
    replayRoute(k, recorded); // routing: src/kernel/pipeline/retry-model-call.ts
    return toResult(k, recorded);
  }

  if (settings.policy) {
    const action = {
      kind: 'model.generate' as const,
      model: name,
      purpose,
      tools: toolNames,
      source: sourceOf(purpose),
    };
    const decided = decideAndAccount(k, action, id, 'strategy');
    const { decision } = decided instanceof Promise ? await decided : decided;
    if (asksHuman(decision)) {
      const refusal = await awaitApproval(
        k,
        { id, toolCallId: id, name: 'model.generate', input: { model: name, purpose } },
        decision,
      );
      if (refusal) throw new RunHaltedError(refusal.message, { syscallId: id });
    } else if (decision.decision === 'deny') {
      throw new RunHaltedError(
        `Policy denied the model call (${purpose})${decision.ruleId ? ` by rule ${decision.ruleId}` : ''}: ${decision.reason ?? 'no rule allows it'}`,
        { ruleId: decision.ruleId },
      );
    }
  }

  const estimate = settings.ledger.needsEstimate() ? estimateTokens(request.messages) * n : 0;
  const reservation = settings.ledger.reserve(
    {
      steps: act ? 1 : 0,
      tokens: estimate,
      costUsd:
        estimate > 0 ? costOf({ inputTokens: estimate, outputTokens: 0, totalTokens: estimate }, settings.price) : 0,
    },
    settings.clock.now(),
  );
  const step = steps.stepFor(act);
  settings.journal.record({
    type: 'model-request',
    syscallId: id,
    step,
    model: name,
    messageCount: request.messages.length,
    tools: toolNames,
    fingerprint,
    ...(!act && { purpose }),
    ...(n > 1 && { n }),
  });
  // One literal with every field, absent ones undefined: every request then has the same map, which V8 keeps (a
  // map made by adding fields one by one dies with its last object, and the code reading requests recompiles).
  const defaults = settings.modelDefaults;
  const modelRequest: ModelRequest = {
    messages: request.messages,
    tools: tools.length > 0 ? (tools as ModelToolSpec[]) : undefined,
    toolChoice: request.toolChoice || undefined,
    responseFormat: request.responseFormat || undefined,
    temperature: request.temperature ?? defaults.temperature,
    topP: defaults.topP,
    maxOutputTokens: request.maxOutputTokens ?? defaults.maxOutputTokens,
    seed: defaults.seed,
    stopSequences: defaults.stopSequences,
    abortSignal: settings.signal, // each attempt is sent with a signal of its own: callModel
    retry: false, // the kernel retries (src/kernel/pipeline/retry-model-call.ts)
  };

  const started = settings.clock.now();
  let responses: ModelResponse[];
  // ── schedule, retry and route: src/kernel/pipeline/retry-model-call.ts. Every attempt is a scheduler call of
  // its own and journals its `model-error`; routing may move the call to another model (`model-route`).
  const attempts = new ModelAttempts(
    k,
    { id, step, model, estimatedTokens: estimate > 0 ? Math.ceil(estimate / n) : 0 },
    request,
  );
  const once = (choices: number) =>
    attempts.call(choices > 1 ? { ...modelRequest, n: choices } : modelRequest, (chosen, sent) =>
      callModel(k, chosen, sent, id),
    );
  // ──
  try {
    responses = n === 1 ? [await once(1)] : await choose(n, model.supportsChoices === true && !settings.stream, once);
  } catch (error) {
    reservation.cancel();
    if (settings.signal.aborted) throw settings.abortReason();
    throw error; // journaled by ModelAttempts, attempt by attempt
  }
  const [first] = responses as [ModelResponse];
  const usage = responses.reduce(sumUsage, emptyUsage()); // a copy: a model's own usage object may carry more
  const costUsd = attempts.costUsd();
  const choices = n > 1 ? choicesOf(responses, n) : undefined;
  const warnings = responses.length === 1 ? first.warnings : responses.flatMap((response) => response.warnings ?? []);
  // What the strategy gets is read from this literal, not from the event: the event is built by spreading, so its
  // map is new after every GC, and the code reading it would keep recompiling.
  const answer: Pick<ModelResponseEvent, 'content' | 'finishReason' | 'usage' | 'choices'> = {
    content: first.content.map(toContentPart),
    finishReason: first.finishReason,
    usage,
    choices: choices?.map((choice) => ({
      content: choice.content.map(toContentPart),
      finishReason: choice.finishReason,
    })),
  };
  settings.journal.record({
    type: 'model-response',
    syscallId: id,
    step,
    content: answer.content,
    finishReason: answer.finishReason,
    usage,
    costUsd,
    ...attempts.fields(started), // durationMs (service), queueMs, retryWaitMs, attempts, routing
    ...(warnings !== undefined && warnings.length > 0 && { warnings }),
    ...(first.response?.id !== undefined && { responseId: first.response.id }),
    ...(answer.choices !== undefined && { choices: answer.choices }),
  });
  reservation.settle({ steps: act ? 1 : 0, tokens: usage.totalTokens, costUsd });
  state.account(usage, costUsd);
  const over = settings.ledger.exceeded(settings.clock.now());
  if (over) throw over;
  return toResult(k, answer);
}

const sumUsage = (sum: Usage, response: ModelResponse): Usage => addUsage(sum, response.usage);

/**
 * n choices: one call asking for n where the provider generates them natively, topped up by concurrent calls
 * when it gave fewer (many compatible servers ignore `n`); else n concurrent calls.
 */
async function choose(
  n: number,
  native: boolean,
  once: (choices: number) => Promise<ModelResponse>,
): Promise<ModelResponse[]> {
  if (!native) return Promise.all(Array.from({ length: n }, () => once(1)));
  const first = await once(n);
  const missing = n - (first.choices?.length || 1);
  return missing > 0 ? [first, ...(await Promise.all(Array.from({ length: missing }, () => once(1))))] : [first];
}

/** The tools offered with a call: all visible ones, none, or a named subset of them. */
function selectTools(k: KernelContext, wanted: GenerateRequest['tools']): ModelToolSpec[] {
  const all = k.toolSpecs;
  if (wanted === false) return [];
  if (wanted === undefined) return all as ModelToolSpec[];
  const byName = new Map(all.map((tool) => [tool.name, tool]));
  return wanted.map((name) => {
    const tool = byName.get(name);
    if (!tool) {
      throw new WardenError({
        code: 'KERNEL_TOOL_UNKNOWN',
        fault: 'user',
        message: `The strategy asked to offer tool "${name}", which this run does not have (or its policy hides). Offer one of: ${[...byName.keys()].join(', ') || 'none'}.`,
      });
    }
    return tool;
  });
}

async function callModel(
  k: KernelContext,
  model: LanguageModel,
  request: ModelRequest,
  id: string,
): Promise<ModelResponse> {
  // Not the run's own signal: a provider SDK may leave a listener on the signal of every request (call-signals.ts).
  // The copy has the request's map (a spread clones it, then one field is set).
  const call = k.callSignals.open();
  const sent: ModelRequest = { ...request, abortSignal: call.signal };
  try {
    // Usage is checked here too, for models that bring their own doGenerate: never journaled or charged as given.
    if (!k.settings.stream) {
      return checkResponseUsage(checkResponseShape(await model.doGenerate(sent), modelName(model)), sent);
    }
    const journal = k.settings.journal;
    const response = await collectStream(await model.doStream(sent), (part) => {
      if (part.type === 'text-delta') journal.record({ type: 'text-delta', syscallId: id, delta: part.delta });
    });
    return checkResponseUsage(checkResponseShape(response, modelName(model)), sent);
  } catch (error) {
    throw tameThrown(error, `Model ${modelName(model)}`); // read by the retry decision and the scheduler
  } finally {
    k.callSignals.close(call);
  }
}

/** A rough count of a request's input tokens (4 characters a token), for budget reservations. */
export function estimateTokens(messages: readonly Message[]): number {
  let characters = 0;
  for (const message of messages) characters += messageText(message).length;
  return Math.ceil(characters / 4);
}
