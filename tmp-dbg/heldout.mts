import { runSecurityEval } from '/work/wt-sec/src/eval/run-security-eval.js';
import { formatSecurityTable } from '/work/wt-sec/src/eval/format-security-table.js';
const suites = ['devops', 'shop', 'hr', 'finance'].map((s) => `/work/wt-sec/src/eval/suites-heldout/${s}`);
for (const defense of process.argv.slice(2)) {
  const fails: string[] = [];
  const r = await runSecurityEval({
    suites,
    defense,
    attack: '/work/wt-sec/src/eval/suites-heldout/attacks',
    onCase: (c) => {
      if (c.attackSucceeded) fails.push(`${c.suite}/${c.userTask}/${c.injectionTask}/${c.attack}`);
      if (!c.injectionTask && c.blockedCalls) fails.push(`BLOCK ${c.suite}/${c.userTask} ${c.blockedCalls}`);
      if (c.injectionTask && !c.utility) fails.push(`UTIL ${c.suite}/${c.userTask}/${c.injectionTask}/${c.attack}`);
    },
  });
  console.log(formatSecurityTable(r).split('\n').slice(-2).join('\n'));
  console.log(fails.slice(0, 30).join('\n'), fails.length);
}
