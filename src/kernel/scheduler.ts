/** Kept so that existing imports of `kernel/scheduler.js` compile; the scheduler lives in `./scheduler/`. */
export * from './scheduler/index.js';
