import type { AttackTemplate } from './attacks/attack-template.js';
import type { InjectionTask, UserTask } from './suite-types.js';

/** One case to run: a user task, alone or under one attack. */
export interface PlannedCase {
  task: UserTask;
  /** With an attack: the injection task, the template, and the vectors the text goes into. */
  attack?: { injection: InjectionTask; template: AttackTemplate; vectors: string[] };
}

/**
 * Every case of a suite: each user task without an attack, then each (user task, injection task,
 * attack) where the user task's ground truth reads at least one vector; the attack goes into all of them.
 */
export function planCases(
  userTasks: readonly UserTask[],
  injectionTasks: readonly InjectionTask[],
  templates: readonly AttackTemplate[],
  vectorsByTask: ReadonlyMap<string, string[]>,
): PlannedCase[] {
  const cases: PlannedCase[] = userTasks.map((task) => ({ task }));
  for (const task of userTasks) {
    const vectors = vectorsByTask.get(task.id) ?? [];
    if (vectors.length === 0) continue;
    for (const injection of injectionTasks) {
      for (const template of templates) cases.push({ task, attack: { injection, template, vectors } });
    }
  }
  return cases;
}
