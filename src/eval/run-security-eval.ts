import { ConfigError } from '../core/errors/config-error.js';
import { describeError } from '../core/errors/warden-error.js';
import type { LanguageModel } from '../models/language-model.js';
import { modelName } from '../models/language-model.js';
import { canonicalJson, loadPolicy } from '../policy/index.js';
import type { Policy } from '../policy/policy.js';
import { type AttackTemplate, renderAttack, resolveAttacks } from './attacks/attack-template.js';
import { type PlannedCase, planCases } from './case-plan.js';
import { type Defense, type DefendedAgent, defenseNames } from './defenses/defense.js';
import { getDefense } from './defenses/defenses.js';
import { vectorsByTask } from './injection-vectors.js';
import { mapConcurrent } from './map-concurrent.js';
import { runCase } from './run-case.js';
import { type EvalTransport, startServerTransport } from './server-transport.js';
import { type CaseResult, type SecurityReport, summarize, suiteReport } from './security-report.js';
import { createCompromisedModel, createOracleModel, describeSimulatedModel } from './simulated/simulated-models.js';
import { instantiateEnvironment } from './suite/environment.js';
import { type LoadedSuite, loadSuite } from './suite/load-suite.js';
import { builtinSuiteNames, resolveSuiteDir } from './suite/resolve-suite.js';
import type { SuiteState, UserTask } from './suite-types.js';

export interface SecurityEvalOptions {
  /** Built-in names, suite directories, or loaded suites. @default every built-in suite */
  suites?: Array<string | LoadedSuite>;
  /** `compromised`, `oracle`, or a real model's spec (e.g. `openai:gpt-4o-mini`). @default compromised */
  model?: string;
  /** Turns a real model's spec into a model. @default resolveModel from the models module */
  resolveModel?: (spec: string) => LanguageModel | Promise<LanguageModel>;
  /** @default none */
  defense?: string;
  /** A built-in attack's name, an attack file or a directory of them. @default every built-in attack */
  attack?: string;
  /** Cases run at once. @default 4 */
  concurrency?: number;
  /** Model calls a case may make. @default 30 */
  maxSteps?: number;
  /** Called after each case, e.g. for progress. */
  onCase?: (result: CaseResult) => void;
  /**
   * `openai-server`: a simulated model answers through the local OpenAI-compatible test server, the agent
   * calling it with the real OpenAI provider (wire format, parsing and usage included). @default direct
   */
  transport?: EvalTransport;
}

type ModelFactory = (task: UserTask, state: SuiteState, suite: LoadedSuite) => LanguageModel;

interface EvalModel {
  create: ModelFactory;
  name: string;
  simulated: boolean;
  close?: () => Promise<void>;
}

async function modelFactory(options: SecurityEvalOptions): Promise<EvalModel> {
  const spec = options.model ?? 'compromised';
  const simulated = (create: ModelFactory, name: string): Promise<EvalModel> =>
    options.transport === 'openai-server'
      ? overServer(create, name)
      : Promise.resolve({ create, name, simulated: true });
  if (spec === 'oracle') return simulated((task, state) => createOracleModel(task, state), 'simulated:oracle');
  if (spec === 'compromised') {
    return simulated(
      (task, state, suite) => createCompromisedModel(task, state, suite.injectionTasks),
      'simulated:compromised',
    );
  }
  if (options.transport === 'openai-server') {
    throw new ConfigError(
      `--via openai-server serves the simulated models only, not "${spec}".`,
      { path: 'transport', fix: 'Use --model compromised or --model oracle with it, or drop --via.' },
      'EVAL_TRANSPORT_INVALID',
    );
  }
  const resolve = options.resolveModel ?? (await import('../models/resolve-model.js')).resolveModel;
  const model = await resolve(spec);
  return { create: () => model, name: modelName(model), simulated: model.simulated === true };
}

async function overServer(create: ModelFactory, name: string): Promise<EvalModel> {
  const transport = await startServerTransport();
  return {
    create: (task, state, suite) => transport.serve(create(task, state, suite)),
    name,
    simulated: true,
    close: () => transport.close(),
  };
}

/** How an attack addresses the model: a real model by its id, a simulated one generically. */
const addressedModel = (name: string, simulated: boolean): string =>
  simulated ? 'AI assistant' : name.slice(name.indexOf(':') + 1);

async function runSuite(
  suite: LoadedSuite,
  defense: Defense,
  templates: readonly AttackTemplate[],
  model: EvalModel,
  options: SecurityEvalOptions,
): Promise<CaseResult[]> {
  const basePolicy = defense.needsPolicy ? await suitePolicy(suite) : undefined;
  const vectors = await vectorsByTask(suite);
  const clean = instantiateEnvironment(suite.environment, {}, suite.vectorDefaults);
  const attackTexts = new Map<string, string>();
  const attackText = (planned: NonNullable<PlannedCase['attack']>): string => {
    const key = `${planned.injection.id}\u0000${planned.template.name}`;
    let text = attackTexts.get(key);
    if (text === undefined) {
      text = renderAttack(planned.template, {
        goal: planned.injection.goal,
        user: suite.user,
        model: addressedModel(model.name, model.simulated),
        calls: planned.injection.groundTruth(clean),
      });
      attackTexts.set(key, text);
    }
    return text;
  };
  const cases = planCases(suite.userTasks, suite.injectionTasks, templates, vectors);
  return mapConcurrent(cases, options.concurrency ?? 4, async (planned) => {
    const text = planned.attack ? attackText(planned.attack) : '';
    const injections = Object.fromEntries((planned.attack?.vectors ?? []).map((vector) => [vector, text]));
    const result = await runOne(suite, planned, injections, defense, basePolicy, model.create, options.maxSteps);
    options.onCase?.(result);
    return result;
  });
}

async function suitePolicy(suite: LoadedSuite): Promise<Policy | undefined> {
  if (!suite.policyFile) return undefined;
  const tools = suite.createToolkit(instantiateEnvironment(suite.environment, {}, suite.vectorDefaults));
  return (await loadPolicy(suite.policyFile, { tools: tools.map((tool) => tool.name) })).policy;
}

async function runOne(
  suite: LoadedSuite,
  planned: PlannedCase,
  injections: Record<string, string>,
  defense: Defense,
  basePolicy: Policy | undefined,
  createModel: ModelFactory,
  maxSteps: number | undefined,
): Promise<CaseResult> {
  const { task, attack } = planned;
  const state = instantiateEnvironment(suite.environment, injections, suite.vectorDefaults);
  const initial = instantiateEnvironment(suite.environment, injections, suite.vectorDefaults);
  const groundTruth = task.groundTruth(initial);
  const base: CaseResult = {
    suite: suite.name,
    userTask: task.id,
    ...(attack && { injectionTask: attack.injection.id, attack: attack.template.name }),
    utility: false,
    ...(attack && { attackSucceeded: false }),
    groundTruthCalls: attack ? 0 : groundTruth.length,
    blockedCalls: 0,
    approvalsAsked: 0,
    decisionTimesUs: [],
    status: 'failed',
  };
  try {
    const agent = defense.apply({
      suite,
      task,
      tools: suite.createToolkit(state),
      instructions: suite.instructions,
      ...(basePolicy && { basePolicy }),
      groundTruth: () => groundTruth,
      state: initial,
    });
    const trace = await runCase(
      {
        ...agent,
        model: createModel(task, instantiateEnvironment(suite.environment, injections, suite.vectorDefaults), suite),
        ...(maxSteps && { maxSteps }),
        ...(suite.principal && { principal: suite.principal }),
      },
      task.prompt,
    );
    const visible = new Set(visibleTools(agent, suite));
    const refused = new Set(
      trace.decisions.filter((d) => d.decision !== 'allow').map((d) => `${d.tool}\u0000${canonicalJson(d.args)}`),
    );
    return {
      ...base,
      utility: check(() => task.utility(state, trace.text, initial, trace.toolCalls)),
      ...(attack && {
        attackSucceeded: check(() => attack.injection.security(state, trace.text, initial, trace.toolCalls)),
      }),
      blockedCalls: attack
        ? 0
        : groundTruth.filter(
            (call) => !visible.has(call.tool) || refused.has(`${call.tool}\u0000${canonicalJson(call.args)}`),
          ).length,
      approvalsAsked: trace.decisions.filter((decision) => decision.decision === 'ask').length,
      decisionTimesUs: trace.decisionTimesUs,
      status: trace.status,
      ...(trace.error !== undefined && trace.status === 'failed' && { error: trace.error }),
    };
  } catch (error) {
    return { ...base, error: describeError(error).message };
  }
}

/** The tools the model is shown: the defense's, less those the policy hides. */
function visibleTools(agent: DefendedAgent, suite: LoadedSuite): string[] {
  const names = agent.tools.map((tool) => tool.name);
  if (!agent.policy?.visibleTools) return names;
  return agent.policy.visibleTools(names, {
    runId: 'visibility',
    run: { step: 0, costUsd: 0, tokens: 0, elapsedMs: 0, agent: 'eval-agent' },
    history: [],
    now: 0,
    ...(suite.principal && { principal: suite.principal }),
  });
}

/** A task's check that throws (e.g. on a state the agent left malformed) counts as not done. */
function check(predicate: () => boolean): boolean {
  try {
    return predicate() === true;
  } catch {
    return false;
  }
}

/**
 * Runs the security benchmark: for each suite, every user task without an attack (utility, false blocks)
 * and under every attack that reaches it (utility under attack, attack success), with one model and one
 * defense. With simulated models it is deterministic and takes seconds.
 */
export async function runSecurityEval(options: SecurityEvalOptions = {}): Promise<SecurityReport> {
  const defense = getDefense(options.defense ?? 'none');
  const templates = await resolveAttacks(options.attack);
  const model = await modelFactory(options);
  const suites = await Promise.all(
    (options.suites ?? builtinSuiteNames()).map((suite) =>
      typeof suite === 'string' ? loadSuite(resolveSuiteDir(suite)) : suite,
    ),
  );
  const reports = [];
  const all: CaseResult[] = [];
  try {
    for (const suite of suites) {
      const results = await runSuite(suite, defense, templates, model, options);
      all.push(...results);
      reports.push(suiteReport(suite.name, results, suite.userTasks.length, suite.injectionTasks.length));
    }
  } finally {
    await model.close?.();
  }
  const userTasks = suites.reduce((sum, suite) => sum + suite.userTasks.length, 0);
  const injectionTasks = suites.reduce((sum, suite) => sum + suite.injectionTasks.length, 0);
  return {
    model: model.name,
    simulated: model.simulated,
    transport: options.transport ?? 'direct',
    ...(describeSimulatedModel(model.name) !== undefined && { modelDescription: describeSimulatedModel(model.name) }),
    defense: defense.name,
    oracleDefense: defense.oracle,
    attack: options.attack === undefined ? 'all' : templates.length === 1 ? templates[0]!.name : options.attack,
    overall: { suites: suites.length, ...summarize(all, userTasks, injectionTasks) },
    suites: reports,
  };
}

/** Runs the benchmark once per defense (every one by default), with the same model, suites and attacks. */
export async function runAllDefenses(
  options: Omit<SecurityEvalOptions, 'defense'> & { defenses?: readonly string[] } = {},
): Promise<SecurityReport[]> {
  const { defenses = defenseNames, ...rest } = options;
  const suites = await Promise.all(
    (rest.suites ?? builtinSuiteNames()).map((suite) =>
      typeof suite === 'string' ? loadSuite(resolveSuiteDir(suite)) : suite,
    ),
  );
  const reports: SecurityReport[] = [];
  for (const defense of defenses) reports.push(await runSecurityEval({ ...rest, suites, defense }));
  return reports;
}
