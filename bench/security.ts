/**
 * `npm run bench -- security [--repeat 3] [--server-repeat 1] [--defenses a,b] [--server-defenses a,b] [--from-json]`: the security benchmark with the simulated
 * compromised model, on the built-in suites with the built-in attacks and on the held-out suites
 * (src/eval/suites-heldout) with the held-out attacks, every defense in process and the policy defenses over the
 * local OpenAI-compatible server. Writes bench/results/security-bench.json and regenerates the results table in
 * docs/eval.md between its markers.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defenseNames } from '../src/eval/defenses/defense.js';
import { runSecurityEval } from '../src/eval/run-security-eval.js';
import type { EvalTransport } from '../src/eval/server-transport.js';
import { loadSuite } from '../src/eval/suite/load-suite.js';
import { builtinSuiteNames, resolveSuiteDir } from '../src/eval/suite/resolve-suite.js';
import {
  formatSecurityBench,
  replaceTable,
  type SecurityBenchResults,
  type SecurityBenchRow,
  type SecurityBenchSet,
} from './security-table.js';

const heldoutDir = 'src/eval/suites-heldout';
const heldoutSuites = ['devops', 'shop', 'hr', 'finance'];

function option(argv: readonly string[], name: string, fallback: number): number {
  const at = argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new TypeError(`--${name} needs a positive whole number.`);
  return value;
}

interface SetPlan {
  title: string;
  suites: string[];
  attack?: string;
  attacks: string;
  transport: EvalTransport;
  defenses: readonly string[];
  repeats: number;
}

async function measure(plan: SetPlan): Promise<{ set: SecurityBenchSet; deterministic: boolean }> {
  const suites = await Promise.all(plan.suites.map((suite) => loadSuite(resolveSuiteDir(suite))));
  const rows: SecurityBenchRow[] = [];
  let deterministic = true;
  let userTasks = 0;
  let injectionTasks = 0;
  for (const defense of plan.defenses) {
    let row: SecurityBenchRow | undefined;
    // Timings matter where a policy decides; the other defenses' metrics are deterministic, so one run shows them.
    const repeats = defense.startsWith('policy') ? plan.repeats : 1;
    for (let repeat = 0; repeat < repeats; repeat++) {
      const started = performance.now();
      const report = await runSecurityEval({
        suites,
        defense,
        transport: plan.transport,
        ...(plan.attack && { attack: plan.attack }),
      });
      const seconds = (performance.now() - started) / 1000;
      const { overall } = report;
      userTasks = overall.userTasks;
      injectionTasks = overall.injectionTasks;
      const metrics = {
        defense,
        oracleDefense: report.oracleDefense,
        utility: overall.utility,
        utilityUnderAttack: overall.utilityUnderAttack,
        asr: overall.asr,
        falseBlockRate: overall.falseBlockRate,
        approvalsAsked: overall.approvalsAsked,
        cases: overall.cases,
        statuses: overall.statuses,
      };
      if (!row) row = { ...metrics, decisionP50Us: [], decisionP99Us: [], seconds: [] };
      else if (
        JSON.stringify({ ...row, decisionP50Us: 0, decisionP99Us: 0, seconds: 0 }) !==
        JSON.stringify({ ...row, ...metrics, decisionP50Us: 0, decisionP99Us: 0, seconds: 0 })
      )
        deterministic = false;
      row.decisionP50Us.push(overall.decisionP50Us);
      row.decisionP99Us.push(overall.decisionP99Us);
      row.seconds.push(Number(seconds.toFixed(2)));
      process.stderr.write(
        `${plan.title} ${plan.transport} ${defense} #${repeat + 1}: ASR ${overall.asr} utility ${overall.utility} ${seconds.toFixed(1)} s\n`,
      );
    }
    rows.push(row!);
  }
  const suiteArgs = plan.suites.map((suite) => `--suite ${suite}`).join(' ');
  const command = `warden eval security ${suiteArgs}${plan.attack ? ` --attack ${plan.attack}` : ''} --defense <name>${plan.transport === 'direct' ? '' : ` --via ${plan.transport}`}`;
  return {
    set: {
      title: plan.title,
      transport: plan.transport,
      command,
      suites: plan.suites.map((s) => s.split('/').at(-1)!),
      attacks: plan.attacks,
      userTasks,
      injectionTasks,
      rows,
    },
    deterministic,
  };
}

/** Runs the sets, writes the JSON and the doc table. */
export async function runSecurityBench(argv: readonly string[]): Promise<void> {
  const docFile = fileURLToPath(new URL('../docs/eval.md', import.meta.url));
  const resultsFile = new URL('./results/security-bench.json', import.meta.url);
  if (argv.includes('--from-json')) {
    // Only the doc: the table again from the last results, e.g. after the format changed.
    const last = JSON.parse(readFileSync(resultsFile, 'utf8')) as SecurityBenchResults;
    writeFileSync(docFile, replaceTable(readFileSync(docFile, 'utf8'), formatSecurityBench(last)));
    return;
  }
  const repeats = option(argv, 'repeat', 3);
  const serverRepeats = option(argv, 'server-repeat', 1);
  const builtin = builtinSuiteNames();
  const heldout = heldoutSuites.map((name) => `${heldoutDir}/${name}`);
  const listed = (name: string, fallback: readonly string[]) => {
    const at = argv.indexOf(`--${name}`);
    return at >= 0 ? (argv[at + 1] ?? '').split(',').filter(Boolean) : fallback;
  };
  const directDefenses = listed('defenses', defenseNames);
  const policyDefenses = listed('server-defenses', ['none', 'policy', 'policy+narrowing']);
  const plans: SetPlan[] = [
    {
      title: 'Built-in suites',
      suites: builtin,
      attacks: 'the 3 built-in',
      transport: 'direct',
      defenses: directDefenses,
      repeats,
    },
    {
      title: 'Held-out suites',
      suites: heldout,
      attack: `${heldoutDir}/attacks`,
      attacks: 'the 8 held-out (4 encoded)',
      transport: 'direct',
      defenses: directDefenses,
      repeats,
    },
    {
      title: 'Built-in suites',
      suites: builtin,
      attacks: 'the 3 built-in',
      transport: 'openai-server',
      defenses: policyDefenses,
      repeats: serverRepeats,
    },
    {
      title: 'Held-out suites',
      suites: heldout,
      attack: `${heldoutDir}/attacks`,
      attacks: 'the 8 held-out (4 encoded)',
      transport: 'openai-server',
      defenses: policyDefenses,
      repeats: serverRepeats,
    },
  ];
  const sets: SecurityBenchSet[] = [];
  let deterministic = true;
  for (const plan of plans) {
    const measured = await measure(plan);
    sets.push(measured.set);
    deterministic &&= measured.deterministic;
  }
  const results: SecurityBenchResults = { model: 'simulated:compromised', repeats, deterministic, sets };
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(docFile, replaceTable(readFileSync(docFile, 'utf8'), formatSecurityBench(results)));
  process.stdout.write(`${formatSecurityBench(results)}\n`);
}
