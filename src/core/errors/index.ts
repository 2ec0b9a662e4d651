export * from './config-error.js';
export * from './missing-dependency-error.js';
export * from './provider-error.js';
export * from './run-errors.js';
export * from './store-error.js';
export * from './tool-errors.js';
export * from './warden-error.js';
export * from './lease-errors.js';
