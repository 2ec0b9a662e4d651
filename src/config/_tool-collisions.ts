import { ConfigError } from '../core/errors/config-error.js';

/** One tool (or agent used as a tool) with the `tools:` entry it came from. */
export interface SourcedTool<T> {
  tool: T;
  name: string;
  /** The reference as written, e.g. `builtin:files` or `mcp:fs`. */
  from: string;
}

/**
 * The agent's tools with duplicates of the same tool dropped. Two different tools with one name are a
 * config error naming both sources: otherwise one would silently replace the other, and rules written
 * by name would apply to the wrong tool.
 */
export function uniqueTools<T>(entries: readonly SourcedTool<T>[], where: { file: string; agent: string }): T[] {
  const byName = new Map<string, SourcedTool<T>>();
  for (const entry of entries) {
    const seen = byName.get(entry.name);
    if (!seen) {
      byName.set(entry.name, entry);
      continue;
    }
    if (seen.tool === entry.tool) continue;
    const servers = [seen.from, entry.from].filter((from) => from.startsWith('mcp:'));
    const server = servers[servers.length - 1]?.slice(4).split('/')[0];
    throw new ConfigError(
      `Agent "${where.agent}" gets two tools named "${entry.name}": one from ${seen.from}, one from ${entry.from}.`,
      {
        file: where.file,
        path: `agents.${where.agent}.tools`,
        fix: server
          ? `set a prefix for the server, e.g. \`mcp: { ${server}: { prefix: ${server}_ } }\`, or drop one of the two`
          : 'drop one of the two, or give them different roots in separate agents',
      },
      'CONFIG_TOOL_COLLISION',
    );
  }
  return [...byName.values()].map((entry) => entry.tool);
}
