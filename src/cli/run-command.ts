import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { NotFoundError } from '../core/errors/run-errors.js';
import { WardenError } from '../core/errors/warden-error.js';
import { listActions, removeAction, showAction } from './commands/actions.js';
import { approveOrDeny, listApprovals } from './commands/approvals.js';
import { answerElicitation, listElicitations } from './commands/elicitations.js';
import { demoCommand } from './commands/demo.js';
import { evalSecurityCommand } from './commands/eval.js';
import { evalPlanningCommand } from './commands/eval-planning.js';
import { initCommand } from './commands/init.js';
import { storeCheckCommand } from './commands/store-check.js';
import { queuedRunCommand, workerCommand } from './commands/worker.js';
import { exportRuns, listRuns, showRun } from './commands/runs.js';
import { exitCodeForError, exitCodes } from './exit-codes.js';
import type { CliIO } from './io.js';
import { runAndReport } from './report-run.js';
import { openWorkspace, type Workspace, type WorkspaceOptions, type WorkspaceUse } from './workspace.js';

/** Parses a count option; commander turns the error into a usage error (exit 2). */
function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) {
    throw new InvalidArgumentError(`"${value}" is not a positive whole number (e.g. --limit 20).`);
  }
  return parsed;
}

type Handler = (workspace: Workspace, ...args: any[]) => Promise<number>;

/**
 * Runs one CLI invocation and returns its exit code. Pure apart from `io` and the files
 * and store it is told to use: `main.ts` alone touches argv and the process exit.
 */
export async function runCommand(argv: readonly string[], io: CliIO): Promise<number> {
  let code = exitCodes.ok as number;
  const program = new Command('warden')
    .description('Warden: a runtime for LLM agents with a journaled kernel and deterministic privilege control.')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)');

  const withWorkspace =
    (handler: Handler, use: WorkspaceUse = {}) =>
    async (...args: any[]) => {
      const command = args.at(-1) as Command;
      const options = command.optsWithGlobals() as WorkspaceOptions;
      const workspace = await openWorkspace(io, options, use);
      try {
        code = await handler(workspace, ...args.slice(0, -1));
      } finally {
        await workspace.close();
      }
    };

  const readsOnly: WorkspaceUse = { readsOnly: true };

  program.option('-c, --config <file>', 'the config file (default: ./warden.yaml when it exists)');
  program.option('--store <location>', 'override the store: sqlite:<path>, postgres://…, or memory');

  program
    .command('init')
    .description('write a commented starter warden.yaml')
    .option('-f, --force', 'overwrite an existing file')
    .action((options: { force?: boolean }) => {
      code = initCommand(io, options);
    });

  program
    .command('run')
    .description('run an agent from warden.yaml on an input')
    .argument('<agent>', 'the agent name in warden.yaml')
    .argument('<input>', 'what to ask the agent')
    .option('--json', 'print the result as JSON instead of live output')
    .option('--queue', 'hand the run to the workers (warden worker) through the queue on Redis, and wait for it')
    .option('--redis <url>', 'with --queue: the Redis URL (default: WARDEN_REDIS_URL or redis://127.0.0.1:6379)')
    .option('--prefix <prefix>', 'with --queue: the prefix of the queue’s Redis keys (default: warden)')
    .action(
      async (
        agentName: string,
        input: string,
        options: { json?: boolean; queue?: boolean; redis?: string; prefix?: string },
        command: Command,
      ) => {
        if (options.queue) {
          code = await queuedRunCommand(io, agentName, input, { ...options, queue: undefined });
          return;
        }
        await withWorkspace(async (workspace) => {
          const agent = await workspace.agents().agent(agentName);
          return runAndReport(workspace.runtime, io, agent, input, options);
        })(command);
      },
    );

  program
    .command('worker')
    .description('take runs from the queue on Redis and execute them, journaling to the store (PostgreSQL)')
    .addOption(new Option('--concurrency <n>', 'runs at once').default(4).argParser(positiveInteger))
    .option('--redis <url>', 'the Redis URL (default: WARDEN_REDIS_URL or redis://127.0.0.1:6379)')
    .option('--prefix <prefix>', 'the prefix of the queue’s Redis keys (default: warden)')
    .addOption(new Option('--lease-ttl <ms>', 'a run’s lease without heartbeats').argParser(positiveInteger))
    .action(withWorkspace((workspace, options) => workerCommand(workspace, io, options)));

  program
    .command('demo')
    .description('run the bundled research agent offline, on a simulated model served over HTTP')
    .option('--question <text>', 'ask something else about the demo files')
    .option('--data <dir>', 'research another folder')
    .addOption(new Option('--latency <ms>', 'simulated thinking time per step').default(400).argParser(Number))
    .option('--json', 'print the result as JSON')
    .action(
      withWorkspace((workspace, options: { question?: string; data?: string; latency: number; json?: boolean }) =>
        demoCommand(workspace.runtime, io, { ...options, latencyMs: options.latency }),
      ),
    );

  const runs = program.command('runs').description('inspect, export and resume stored runs');
  runs
    .command('list')
    .description('list recent runs')
    .option('--json', 'print JSON')
    .option('--status <statuses>', 'only these statuses, comma-separated')
    .option('--tenant <tenant>', 'only runs of this tenant (the principal’s tenant)')
    .addOption(new Option('--limit <n>', 'at most this many').default(20).argParser(positiveInteger))
    .action(withWorkspace((workspace, options) => listRuns(workspace.store, io, options), readsOnly));
  runs
    .command('show')
    .description('a run’s timeline: steps, tool calls with arguments and results, usage, cost, duration')
    .argument('<id>', 'the run id')
    .option('--json', 'print the run and its events as JSON')
    .action(withWorkspace((workspace, id: string, options) => showRun(workspace.store, io, id, options), readsOnly));
  runs
    .command('export')
    .description(
      'export trajectories: every event (jsonl), OpenAI chat fine-tuning lines (openai-chat), or per-role examples (roles)',
    )
    .argument('[id]', 'the run id')
    .option('--all', 'every run')
    .addOption(new Option('--format <format>', 'jsonl, openai-chat or roles').default('jsonl'))
    .option('-o, --out <file>', 'write to a file instead of stdout')
    .action(
      withWorkspace(
        (workspace, id: string | undefined, options) => exportRuns(workspace.store, io, id, options),
        readsOnly,
      ),
    );
  runs
    .command('resume')
    .description('resume an interrupted run, or one whose approval was answered, from its log')
    .argument('<id>', 'the run id')
    .option('--json', 'print the result as JSON')
    .action(
      withWorkspace(async (workspace, id: string, options: { json?: boolean }) => {
        const run = await workspace.store.getRun(id);
        if (!run) throw new NotFoundError('run', id);
        const agent = await workspace.agents().agent(run.agent);
        return runAndReport(workspace.runtime, io, agent, '', { ...options, resumeRunId: id });
      }),
    );

  program
    .command('store')
    .description('look after the run store')
    .command('check')
    .description('run an integrity check on a SQLite store (read-only) and say what to do if it is damaged')
    .argument('[location]', 'sqlite:<path> or a path (default: --store, or sqlite:.warden/warden.db)')
    .action((location: string | undefined, _options: unknown, command: Command) => {
      code = storeCheckCommand(io, location ?? (command.optsWithGlobals() as { store?: string }).store);
    });

  const approvals = program.command('approvals').description('answer the calls a policy sent to a human');
  approvals
    .command('list')
    .description('pending approvals')
    .option('--json', 'print JSON')
    .action(withWorkspace((workspace, options) => listApprovals(workspace.runtime, io, options), readsOnly));
  for (const verdict of ['approve', 'deny'] as const) {
    approvals
      .command(verdict)
      .description(`${verdict} a pending call, then resume its run (needs the agent in warden.yaml)`)
      .argument('<approval-id>', 'from `warden approvals list`')
      .option('--reason <text>', 'why (the model sees it on a deny)')
      .option('--by <who>', 'who decided (journaled)')
      .option('--no-resume', 'only record the answer')
      .option('--json', 'print the resumed run’s result as JSON')
      .action(withWorkspace((workspace, id: string, options) => approveOrDeny(workspace, io, verdict, id, options)));
  }

  const elicitations = program
    .command('elicitations')
    .description('answer the questions MCP servers asked during tool calls while their runs wait');
  elicitations
    .command('list')
    .description('waiting questions')
    .option('--json', 'print JSON')
    .action(withWorkspace((workspace, options) => listElicitations(workspace.runtime, io, options), readsOnly));
  elicitations
    .command('answer')
    .description('answer a question (checked against its schema), then resume its run')
    .argument('<elicitation-id>', 'from `warden elicitations list`')
    .option('--accept <json>', 'accept with this content, e.g. \'{"name": "Ada"}\' (omitted fields get their defaults)')
    .option('--decline', 'decline to answer')
    .option('--cancel', 'dismiss the question')
    .option('--by <who>', 'who answered (journaled)')
    .option('--no-resume', 'only record the answer')
    .option('--json', 'print the resumed run’s result as JSON')
    .action(withWorkspace((workspace, id: string, options) => answerElicitation(workspace, io, id, options)));

  const actions = program.command('actions').description('the action library: functions CodeAct agents saved');
  actions.option(
    '--actions <location>',
    'the action store (default: actions: in warden.yaml, or sqlite:.warden/actions.db)',
  );
  const actionOptions = (command: Command) => command.optsWithGlobals() as Parameters<typeof listActions>[1];
  actions
    .command('list')
    .description('the latest version of every saved function, with its success rate')
    .option('--json', 'print JSON')
    .action(async (_options: unknown, command: Command) => {
      code = await listActions(io, actionOptions(command));
    });
  actions
    .command('show')
    .description('one saved function: code, tests passed, versions, usage')
    .argument('<name>')
    .argument('[version]', 'a version other than the latest', positiveInteger)
    .option('--json', 'print JSON')
    .action(async (name: string, version: number | undefined, _options: unknown, command: Command) => {
      code = await showAction(io, name, { ...actionOptions(command), ...(version !== undefined && { version }) });
    });
  actions
    .command('remove')
    .description('remove every version of a saved function')
    .argument('<name>')
    .action(async (name: string, _options: unknown, command: Command) => {
      code = await removeAction(io, name, actionOptions(command));
    });

  const evaluation = program.command('eval').description('evaluate agents');
  evaluation
    .command('security')
    .description('the security benchmark: utility, attack success and false blocks per suite, defense and attack')
    .option('--suite <name|dir...>', 'built-in suite names or suite directories (default: every built-in suite)')
    .option(
      '--model <spec>',
      'compromised (worst case), oracle, or a real model: a model string or a name from warden.yaml',
      'compromised',
    )
    .option(
      '--defense <name>',
      'none, spotlighting, tool-filter, policy, policy+narrowing (… -oracle variants), or all',
      'none',
    )
    .option('--attack <name|file|dir>', 'an attack template (default: every built-in template)')
    .addOption(
      new Option('--via <transport>', 'direct, or openai-server: the simulated model answers over HTTP')
        .choices(['direct', 'openai-server'])
        .default('direct'),
    )
    .addOption(new Option('--concurrency <n>', 'cases at once').argParser(Number))
    .option('--json <file>', 'write the report as JSON')
    .action(
      withWorkspace((workspace, options: Omit<Parameters<typeof evalSecurityCommand>[1], 'resolveModel'>) =>
        evalSecurityCommand(io, {
          ...options,
          ...(workspace.config && { resolveModel: (spec: string) => workspace.agents().resolveModel(spec) }),
        }),
      ),
    );

  evaluation
    .command('planning')
    .description('the planning benchmark: strategies on tool graphs and Blocksworld with a simulated proposer')
    .addOption(new Option('--multiple <n>', 'budget: n x optimal length + 2 model calls').default(2).argParser(Number))
    .addOption(new Option('--seeds <n>', 'proposer seeds').default(3).argParser(Number))
    .option('--strategy <name...>', 'only these strategies')
    .option('--json <file>', 'write the report as JSON')
    .action(async (options: Parameters<typeof evalPlanningCommand>[1]) => {
      code = await evalPlanningCommand(io, options);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
    }
    io.stderr(
      `error: ${WardenError.isInstance(error) ? `[${error.code}] ` : ''}${(error as Error).message ?? String(error)}\n`,
    );
    return exitCodeForError(error);
  }
}
