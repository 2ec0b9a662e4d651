export * from './clock.js';
export * from './errors/index.js';
export * from './events.js';
export * from './ids.js';
export * from './json.js';
export * from './messages.js';
export * from './standard-schema.js';
export * from './usage.js';
