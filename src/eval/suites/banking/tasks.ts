import type { UserTask } from '../../suite-types.js';
import { paymentTasks } from './payment-tasks.js';
import { questionTasks } from './question-tasks.js';

export { injectionTasks } from './injection-tasks.js';

/** The banking suite's user tasks: twelve that act on the account, eight that ask about it. */
export const userTasks: UserTask[] = [...paymentTasks, ...questionTasks];
