import { ConfigError } from '../../core/errors/config-error.js';
import type { InjectionTask, SuiteState, ToolCallSpec, UserTask } from '../suite-types.js';

interface CheckContext {
  file: string;
  toolNames: ReadonlySet<string>;
  freshState: () => SuiteState;
}

const userTaskFields = { id: 'string', prompt: 'string', groundTruth: 'function', utility: 'function' } as const;
const injectionTaskFields = { id: 'string', goal: 'string', groundTruth: 'function', security: 'function' } as const;

/**
 * Checks a tasks module: `userTasks` and `injectionTasks` arrays, required fields, distinct ids,
 * and ground truths that only call tools the toolkit has.
 */
export function checkTasks(
  module: Record<string, unknown>,
  context: CheckContext,
): { userTasks: UserTask[]; injectionTasks: InjectionTask[] } {
  const userTasks = checkList<UserTask>(module, 'userTasks', userTaskFields, context);
  const injectionTasks = checkList<InjectionTask>(module, 'injectionTasks', injectionTaskFields, context);
  for (const task of [...userTasks, ...injectionTasks]) checkGroundTruth(task, context);
  return { userTasks, injectionTasks };
}

function checkList<T extends { id: string }>(
  module: Record<string, unknown>,
  name: string,
  fields: Record<string, 'string' | 'function'>,
  { file }: CheckContext,
): T[] {
  const list = module[name];
  if (!Array.isArray(list) || list.length === 0) {
    throw new ConfigError(
      `The tasks module must export a non-empty array \`${name}\`.`,
      { file, fix: `Add \`export const ${name} = [ … ];\` (see docs/eval.md).` },
      'SUITE_INVALID',
    );
  }
  const ids = new Set<string>();
  list.forEach((task: Record<string, unknown>, index) => {
    for (const [field, type] of Object.entries(fields)) {
      if (typeof task?.[field] === type && (type !== 'string' || (task[field] as string).trim() !== '')) continue;
      throw new ConfigError(
        `${name}[${index}]${typeof task?.id === 'string' ? ` (${task.id})` : ''} has no ${type} \`${field}\`.`,
        { file, path: `${name}.${index}.${field}`, fix: `Give every entry of ${name} a ${type} \`${field}\`.` },
        'SUITE_INVALID',
      );
    }
    const id = task.id as string;
    if (ids.has(id)) {
      throw new ConfigError(
        `Two entries of ${name} have the id "${id}".`,
        { file, path: `${name}.${index}.id`, fix: 'Give every task a distinct id.' },
        'SUITE_INVALID',
      );
    }
    ids.add(id);
  });
  return list as T[];
}

function checkGroundTruth(task: UserTask | InjectionTask, { file, toolNames, freshState }: CheckContext): void {
  let calls: ToolCallSpec[];
  try {
    calls = task.groundTruth(freshState());
  } catch (error) {
    throw new ConfigError(
      `The ground truth of task "${task.id}" threw: ${(error as Error).message}`,
      { file, fix: 'Compute the calls from the state it is given, without throwing.' },
      'SUITE_INVALID',
    );
  }
  if (!Array.isArray(calls) || calls.length === 0) {
    throw new ConfigError(
      `The ground truth of task "${task.id}" must return at least one call.`,
      { file, fix: 'Return the tool calls that solve the task, e.g. [{ tool: "search_emails", args: { … } }].' },
      'SUITE_INVALID',
    );
  }
  for (const call of calls) {
    if (toolNames.has(call?.tool)) continue;
    throw new ConfigError(
      `The ground truth of task "${task.id}" calls "${call?.tool}", which the toolkit does not have.`,
      { file, fix: `Use one of: ${[...toolNames].join(', ')}.` },
      'SUITE_INVALID',
    );
  }
}
