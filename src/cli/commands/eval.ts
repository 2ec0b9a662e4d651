import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defenseNames } from '../../eval/defenses/defense.js';
import { formatDefenseComparison, formatSecurityTable } from '../../eval/format-security-table.js';
import { runAllDefenses, runSecurityEval } from '../../eval/run-security-eval.js';
import type { SecurityReport } from '../../eval/security-report.js';
import type { EvalTransport } from '../../eval/server-transport.js';
import type { LanguageModel } from '../../models/language-model.js';
import type { CliIO } from '../io.js';

export interface EvalSecurityOptions {
  suite?: string[];
  model?: string;
  defense?: string;
  attack?: string;
  json?: string;
  concurrency?: number;
  /** `openai-server`: the simulated model answers through the local OpenAI-compatible test server. */
  via?: EvalTransport;
  resolveModel?: (spec: string) => LanguageModel;
}

/**
 * `warden eval security`: runs the security benchmark and prints its table. `--defense all`
 * runs every defense and prints them side by side; `--json` writes the report(s).
 */
export async function evalSecurityCommand(io: CliIO, options: EvalSecurityOptions): Promise<number> {
  const common = {
    ...(options.suite?.length && {
      suites: options.suite.map((suite) => (isPath(suite) ? resolve(io.cwd, suite) : suite)),
    }),
    ...(options.model && { model: options.model }),
    ...(options.attack && { attack: isPath(options.attack) ? resolve(io.cwd, options.attack) : options.attack }),
    ...(options.concurrency && { concurrency: options.concurrency }),
    ...(options.via && { transport: options.via }),
    ...(options.resolveModel && { resolveModel: options.resolveModel }),
  };
  let reports: SecurityReport[];
  if (options.defense === 'all') {
    reports = await runAllDefenses({ ...common, defenses: defenseNames });
    io.stdout(`${formatDefenseComparison(reports)}\n`);
  } else {
    reports = [await runSecurityEval({ ...common, defense: options.defense ?? 'none' })];
    io.stdout(`${formatSecurityTable(reports[0]!)}\n`);
  }
  if (options.json) {
    writeFileSync(
      resolve(io.cwd, options.json),
      `${JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2)}\n`,
    );
    io.stderr(`Wrote ${options.json}\n`);
  }
  return 0;
}

/** Built-in suite and attack names are bare words; anything with a slash or a dot is a path. */
const isPath = (value: string) => /[/.]/.test(value);
