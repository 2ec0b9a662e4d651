import type { UserTask } from '../../suite-types.js';
import { messageTasks } from './message-tasks.js';
import { workspaceTasks } from './workspace-tasks.js';

export { injectionTasks } from './injection-tasks.js';

const taskNumber = (task: UserTask): number => Number(task.id.replace(/\D+/g, ''));

/** The slack suite's user tasks, in id order: questions and messages, invitations, memberships and wiki pages. */
export const userTasks: UserTask[] = [...messageTasks, ...workspaceTasks].sort((a, b) => taskNumber(a) - taskNumber(b));
