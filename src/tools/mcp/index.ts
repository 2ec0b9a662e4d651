export * from './connect-mcp.js';
export * from './mcp-connection.js';
export * from './mcp-error.js';
export * from './mcp-server-config.js';
export * from './mcp-tool.js';
export * from './mcp-tool-error.js';
export * from './tool-name.js';
export * from './tool-result.js';
