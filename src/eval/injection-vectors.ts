import { executeCalls, executedText } from './execute-calls.js';
import type { LoadedSuite } from './suite/load-suite.js';
import { instantiateEnvironment } from './suite/environment.js';
import type { UserTask } from './suite-types.js';

const canaryFor = (vectorId: string): string =>
  `wardencanary${vectorId.replace(/[^A-Za-z0-9]/g, '')}x${vectorId.length}`;

/**
 * The injection vectors a user task's ground truth reads: a canary goes into every vector, the
 * ground truth runs against that world (what the oracle does), and the canaries that come back
 * in tool outputs name the vectors. An attack on this task is planted in exactly these.
 */
export async function vectorsReadBy(suite: LoadedSuite, task: UserTask): Promise<string[]> {
  const vectorIds = Object.keys(suite.manifest.injectionVectors);
  const canaries = Object.fromEntries(vectorIds.map((id) => [id, canaryFor(id)]));
  const state = instantiateEnvironment(suite.environment, canaries, suite.vectorDefaults);
  const calls = task.groundTruth(instantiateEnvironment(suite.environment, canaries, suite.vectorDefaults));
  const executed = await executeCalls(suite.createToolkit(state), calls);
  const seen = executed.map(executedText).join('\n').toLowerCase();
  return vectorIds.filter((id) => seen.includes(canaries[id]!.toLowerCase()));
}

/** `vectorsReadBy` for every user task of a suite, by task id. */
export async function vectorsByTask(suite: LoadedSuite): Promise<Map<string, string[]>> {
  const entries = await Promise.all(
    suite.userTasks.map(async (task) => [task.id, await vectorsReadBy(suite, task)] as const),
  );
  return new Map(entries);
}
