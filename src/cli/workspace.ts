import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type ConfiguredAgents, configureAgents } from '../config/build-agents.js';
import { type LoadedConfig, loadConfig } from '../config/load-config.js';
import { ConfigError } from '../core/errors/config-error.js';
import { modelPrices } from '../models/resolve-model.js';
import { createRuntime, type Runtime } from '../runtime/runtime.js';
import type { RunStore } from '../store/run-store.js';
import { openCounters } from '../counters/open-counters.js';
import type { SharedCounters } from '../counters/shared-counters.js';
import type { CliIO } from './io.js';
import { openStoreAt } from './open-store-for.js';

/** What a command works with: the config (when there is one), the store, a runtime over it. */
export interface Workspace {
  config: LoadedConfig | undefined;
  store: RunStore;
  runtime: Runtime;
  /** Where limit counts are kept (the config's `counters:`, memory by default). */
  counters: SharedCounters;
  /** The configured agents; throws a ConfigError when there is no config file. */
  agents(): ConfiguredAgents;
  close(): Promise<void>;
}

export interface WorkspaceOptions {
  config?: string;
  store?: string;
}

/** How a command uses its workspace. */
export interface WorkspaceUse {
  /**
   * The command only reads runs: a SQLite store named by `--store` or the config that does not exist is
   * refused (`STORE_NOT_FOUND`) rather than created empty. The default store is still created. @default false
   */
  readsOnly?: boolean;
}

/**
 * Opens the config (`--config`, else ./warden.yaml if it exists) and the store
 * (`--store`, else the config's, else `sqlite:.warden/warden.db`).
 */
export async function openWorkspace(io: CliIO, options: WorkspaceOptions, use: WorkspaceUse = {}): Promise<Workspace> {
  const configPath = options.config ?? (existsSync(resolve(io.cwd, 'warden.yaml')) ? 'warden.yaml' : undefined);
  const config = configPath ? loadConfig(resolve(io.cwd, configPath), io.env) : undefined;
  const named = options.store ?? config?.config.store;
  const store = await openStoreAt(
    named ?? 'sqlite:.warden/warden.db',
    options.store ? io.cwd : (config?.dir ?? io.cwd),
    {
      mustExist: use.readsOnly === true && named !== undefined,
    },
  );
  let agents: ConfiguredAgents | undefined;
  const configured = () => {
    if (!config) {
      throw new ConfigError('This command needs a warden.yaml.', {
        fix: 'create one with `warden init`, or pass --config <file>',
      });
    }
    agents ??= configureAgents(config);
    return agents;
  };
  const counters = await openCounters(config?.config.counters ?? { kind: 'memory' });
  const runtime = createRuntime({
    store,
    counters,
    resolveModel: (spec) => configured().resolveModel(spec),
    ...(config && { prices: { ...config.config.prices, ...modelPrices(config.config.models) } }),
  });
  await runtime.recover();
  return {
    config,
    store,
    runtime,
    counters,
    agents: configured,
    async close() {
      await agents?.close();
      await store.close();
      await counters.close();
    },
  };
}
