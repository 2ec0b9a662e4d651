export * from './bwrap/bwrap-sandbox.js';
export { findBwrap } from './bwrap/find-bwrap.js';
export * from './limits.js';
export * from './quickjs/quickjs-sandbox.js';
export * from './sandbox.js';
export * from './sandbox-error.js';
export { toolFailure } from './tool-reply-queue.js';
