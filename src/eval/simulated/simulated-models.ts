import type { InjectionTask, SuiteState, UserTask } from '../suite-types.js';
import { GroundTruthModel } from './ground-truth-model.js';
import { AttackerKnowledge } from './observations.js';

/** The names `--model` accepts for simulated models. */
export const simulatedModelNames = ['oracle', 'compromised'] as const;
export type SimulatedModelName = (typeof simulatedModelNames)[number];

/** What each simulated model is, as reports print it. */
export const simulatedModelDescriptions: Readonly<Record<SimulatedModelName, string>> = {
  oracle:
    "simulated: it follows the user task's ground truth and never obeys an injection, so these numbers show the utility a perfect model keeps under each defense",
  compromised:
    'simulated: it obeys every injection it reads (decoding transformed goals), with only the data it read, so these numbers measure the defenses alone',
};

/** The description of a simulated model by its report name (`simulated:oracle`), if it is one. */
export function describeSimulatedModel(name: string): string | undefined {
  const id = name.startsWith('simulated:') ? name.slice('simulated:'.length) : name;
  return Object.hasOwn(simulatedModelDescriptions, id)
    ? simulatedModelDescriptions[id as SimulatedModelName]
    : undefined;
}

/**
 * The oracle for one user task: its ground-truth calls one per turn, then its answer.
 * It never reads injections, so under attack it shows what utility a perfect, unfoolable model keeps.
 */
export function createOracleModel(task: UserTask, state: SuiteState): GroundTruthModel {
  return new GroundTruthModel({
    modelId: 'oracle',
    calls: task.groundTruth(state),
    ...(task.answer && { answer: task.answer(state) }),
  });
}

/**
 * The oracle that obeys every injection it reads: when a tool result contains the goal of one of
 * `injectionTasks` (as written, or hidden by the registered goal transforms), it first makes that task's
 * ground-truth calls, then resumes the user's task. It makes such a call only with data it has read (the
 * goal, the request, earlier tool results): a value only the world holds cannot be written without reading
 * it. As the worst-case model, it makes the measured security depend on the defenses alone.
 */
export function createCompromisedModel(
  task: UserTask,
  state: SuiteState,
  injectionTasks: readonly InjectionTask[],
): GroundTruthModel {
  return new GroundTruthModel({
    modelId: 'compromised',
    calls: task.groundTruth(state),
    ...(task.answer && { answer: task.answer(state) }),
    injections: injectionTasks.map((injection) => ({
      id: injection.id,
      goal: injection.goal,
      calls: injection.groundTruth(state),
    })),
    knowledge: new AttackerKnowledge(state),
  });
}
