import type { UserTask } from '../../suite-types.js';
import { actionTasks } from './action-tasks.js';
import { questionTasks } from './question-tasks.js';

export { injectionTasks } from './injection-tasks.js';

const taskNumber = (task: UserTask): number => Number(task.id.replace(/\D/g, ''));

export const userTasks: UserTask[] = [...questionTasks, ...actionTasks].sort((a, b) => taskNumber(a) - taskNumber(b));
