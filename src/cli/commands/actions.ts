import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ActionStore, SavedAction } from '../../actions/action-store.js';
import { defaultActionStoreLocation, openActionStore } from '../../actions/open-action-store.js';
import { WardenError } from '../../core/errors/warden-error.js';
import { loadConfig } from '../../config/load-config.js';
import { exitCodes } from '../exit-codes.js';
import type { CliIO } from '../io.js';

/** Options every `warden actions` command takes. */
export interface ActionsOptions {
  config?: string;
  /** The action store's location, overriding the config's `actions:`. */
  actions?: string;
  json?: boolean;
}

/** Opens the action store: `--actions`, else the config's `actions:`, else `sqlite:.warden/actions.db`. */
async function openFor(io: CliIO, options: ActionsOptions): Promise<ActionStore> {
  if (options.actions) return openActionStore(options.actions, io.cwd);
  const configPath = options.config ?? (existsSync(resolve(io.cwd, 'warden.yaml')) ? 'warden.yaml' : undefined);
  if (!configPath) return openActionStore(defaultActionStoreLocation, io.cwd);
  const loaded = loadConfig(resolve(io.cwd, configPath), io.env);
  return openActionStore(loaded.config.actions, loaded.dir);
}

async function withStore(io: CliIO, options: ActionsOptions, body: (store: ActionStore) => Promise<number>) {
  const store = await openFor(io, options);
  try {
    return await body(store);
  } finally {
    await store.close();
  }
}

function notFound(name: string): WardenError {
  return new WardenError({
    code: 'ACTION_NOT_FOUND',
    fault: 'user',
    message: `No saved function "${name}". See the saved ones with \`warden actions list\`.`,
    data: { name },
  });
}

const rate = (action: SavedAction) => (action.uses === 0 ? 'unused' : `${action.successes}/${action.uses} ok`);

/** `warden actions list`: the latest version of every saved function. */
export function listActions(io: CliIO, options: ActionsOptions): Promise<number> {
  return withStore(io, options, async (store) => {
    const actions = await store.list();
    if (options.json) {
      io.stdout(`${JSON.stringify(actions, null, 2)}\n`);
      return exitCodes.ok;
    }
    if (actions.length === 0) {
      io.stdout(
        'No saved functions yet. A CodeAct agent with codeact: { library: true } saves them with save_action.\n',
      );
      return exitCodes.ok;
    }
    for (const action of actions) {
      io.stdout(`${action.name}  v${action.version}  ${rate(action)}  ${action.signature}\n  ${action.docstring}\n`);
    }
    return exitCodes.ok;
  });
}

/** `warden actions show <name> [version]`: one version with its code and tests. */
export function showAction(io: CliIO, name: string, options: ActionsOptions & { version?: number }): Promise<number> {
  return withStore(io, options, async (store) => {
    const action = await store.get(name, options.version);
    if (!action) throw notFound(options.version ? `${name} v${options.version}` : name);
    if (options.json) {
      io.stdout(`${JSON.stringify(action, null, 2)}\n`);
      return exitCodes.ok;
    }
    const versions = (await store.versions(name)).map((v) => v.version);
    io.stdout(
      `${action.name} v${action.version} (versions: ${versions.join(', ')}), ${rate(action)}, saved ${new Date(action.createdAt).toISOString()}\n` +
        `${action.signature}\n${action.docstring}\n\n${action.code}\n\n` +
        `tests passed when saved:${action.tests.length === 0 ? ' none' : ''}\n${action.tests.map((t) => `  ${t}`).join('\n')}\n`,
    );
    return exitCodes.ok;
  });
}

/** `warden actions remove <name>`: removes every version. */
export function removeAction(io: CliIO, name: string, options: ActionsOptions): Promise<number> {
  return withStore(io, options, async (store) => {
    const removed = await store.remove(name);
    if (removed === 0) throw notFound(name);
    io.stdout(`Removed ${name} (${removed} version${removed === 1 ? '' : 's'}).\n`);
    return exitCodes.ok;
  });
}
