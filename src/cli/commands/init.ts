import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '../../core/errors/config-error.js';
import type { CliIO } from '../io.js';

export const starterConfig = `# warden.yaml: models, agents, tools and where runs are stored.
# Values may read the environment: \${VAR} or \${VAR:-default}.
version: 1

models:
  # Any OpenAI-compatible server: OpenAI, Ollama, vLLM, llama.cpp server, LM Studio, gateways.
  default:
    provider: openai-compatible
    baseURL: \${OPENAI_BASE_URL:-http://127.0.0.1:11434/v1}   # Ollama's default
    apiKey: \${OPENAI_API_KEY:-ollama}
    model: \${WARDEN_MODEL:-llama3.2}
  # claude:
  #   provider: anthropic
  #   model: claude-sonnet-4-5
  #   apiKey: \${ANTHROPIC_API_KEY}

agents:
  assistant:
    model: default            # a name above, or a model string such as openai:gpt-4o-mini
    instructions: You answer questions about the files in this folder. Cite the files you used.
    tools:
      - builtin:files         # list_files, read_file, search_files over this folder
      # - mcp:everything      # every tool of an MCP server below
    # policy: policies/assistant.yaml
    budget: { maxSteps: 20, maxCostUsd: 0.50, timeoutMs: 300000 }

mcp: {}
  # everything:
  #   command: npx
  #   args: [-y, "@modelcontextprotocol/server-everything"]

store: sqlite:.warden/warden.db   # or postgres://user@host/db, or memory
`;

/** `warden init`: writes a commented starter warden.yaml. */
export function initCommand(io: CliIO, options: { force?: boolean; file?: string }): number {
  const path = resolve(io.cwd, options.file ?? 'warden.yaml');
  if (existsSync(path) && !options.force) {
    throw new ConfigError(`${path} already exists.`, { fix: 'pass --force to overwrite it' }, 'CONFIG_EXISTS');
  }
  writeFileSync(path, starterConfig);
  io.stdout(`Wrote ${path}. Next: warden run assistant "What is in this folder?"\n`);
  return 0;
}
