import { ConfigError } from '../../core/errors/config-error.js';
import { StoreError } from '../../core/errors/store-error.js';
import type { RunEvent } from '../../core/events.js';
import { toRoleTrajectories } from '../../runtime/role-trajectory.js';
import { toChatTrajectory } from '../../runtime/trajectory.js';
import type { RunStore } from '../../store/run-store.js';
import { exportTarget, writeExport } from '../export-target.js';
import type { CliIO } from '../io.js';
import { logDamage } from '../readable-log.js';
import { requireRun } from './require-run.js';

type ExportFormat = 'jsonl' | 'openai-chat' | 'roles';

const formats: readonly string[] = ['jsonl', 'openai-chat', 'roles'] satisfies ExportFormat[];

/**
 * `warden runs export`: trajectories as event JSONL, or OpenAI chat fine-tuning JSONL. It is the salvage for a
 * damaged log, so it exports what is readable: `jsonl` writes every stored event as it is (with a warning per
 * damaged run); the other formats leave damaged runs out and then fail with `EVENT_INVALID` naming them.
 * `-o` is checked before anything is read and never replaces the run store or another database.
 */
export async function exportRuns(
  store: RunStore,
  io: CliIO,
  runId: string | undefined,
  options: { all?: boolean; format: string; out?: string },
): Promise<number> {
  if (!formats.includes(options.format)) {
    throw new ConfigError(`Unknown export format "${options.format}".`, {
      fix: 'use --format jsonl, --format openai-chat or --format roles (per-role examples of MALT runs)',
    });
  }
  const format = options.format as ExportFormat;
  if (!runId && !options.all)
    throw new ConfigError('Name a run to export, or pass --all.', { fix: 'warden runs export <id> --format jsonl' });
  const target = options.out === undefined ? undefined : exportTarget(options.out, io.cwd, store.location);
  const ids = runId
    ? [(await requireRun(store, runId)).id]
    : (await store.listRuns({ limit: 1_000_000 })).map((run) => run.id).reverse();
  const lines: string[] = [];
  const leftOut: string[] = [];
  for (const id of ids) {
    const events = await store.readEvents(id);
    const damage = logDamage(id, events);
    if (format === 'jsonl') {
      for (const event of events) lines.push(JSON.stringify(event));
      if (damage)
        io.stderr(`warning: the log of run ${id} is damaged (${damage}); its events are exported as stored.\n`);
    } else if (damage) leftOut.push(damage);
    else {
      try {
        lines.push(...convert(format, events));
      } catch (error) {
        leftOut.push(
          `run ${id} cannot be read as ${format} (${error instanceof Error ? error.message : String(error)})`,
        );
      }
    }
  }
  const text = lines.length > 0 ? `${lines.join('\n')}\n` : '';
  if (target !== undefined) writeExport(target, options.out ?? target, text);
  else io.stdout(text);
  const wrote = `${lines.length} line(s) for ${ids.length - leftOut.length} run(s)${options.out ? ` to ${options.out}` : ''}`;
  if (leftOut.length > 0) {
    throw new StoreError(
      `${leftOut.length} run(s) with a damaged log were left out of the ${format} export: ${leftOut.slice(0, 3).join('; ')}${leftOut.length > 3 ? `; ${leftOut.length - 3} more` : ''}. ` +
        `Wrote ${wrote}. \`--format jsonl\` exports every stored event as it is.`,
      undefined,
      'EVENT_INVALID',
    );
  }
  if (options.out) io.stderr(`Wrote ${wrote}\n`);
  return 0;
}

function convert(format: Exclude<ExportFormat, 'jsonl'>, events: readonly RunEvent[]): string[] {
  if (format === 'roles') return toRoleTrajectories(events).map((example) => JSON.stringify(example));
  const trajectory = toChatTrajectory(events);
  return trajectory ? [JSON.stringify(trajectory)] : [];
}
