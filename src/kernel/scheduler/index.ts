export {
  type CallTiming,
  type ProviderState,
  type QueuePolicy,
  SCHEDULER_API_VERSION,
  type ScheduleOptions,
  type Scheduler,
  type SubmitOptions,
  type TaskHandle,
} from './api.js';
export { createScheduler } from './create-scheduler.js';
export type { LimitSettings, ProviderSettings } from './limits.js';
export { SchedulerError } from './scheduler-error.js';
export type { SchedulerSettings } from './settings.js';
export { globalTimers, rateLimitWait, type TimerSource } from './timers.js';
