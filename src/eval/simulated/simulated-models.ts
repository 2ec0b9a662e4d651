import type { InjectionTask, SuiteState, UserTask } from '../suite-types.js';
import { GroundTruthModel } from './ground-truth-model.js';

/** The names `--model` accepts for simulated models. */
export const simulatedModelNames = ['oracle', 'compromised'] as const;
export type SimulatedModelName = (typeof simulatedModelNames)[number];

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
 * `injectionTasks`, it first makes that task's ground-truth calls, then resumes the user's task.
 * As the worst-case model, it makes the measured security depend on the defenses alone.
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
  });
}
