import { runSecurityEval } from '/work/wt-sec/src/eval/run-security-eval.js';
const suite = process.argv[2]!;
const fails = new Map<string, string[]>();
const r = await runSecurityEval({
  suites: [suite],
  defense: process.argv[3] ?? 'none',
  attack: 'important_instructions',
  onCase: (c) => {
    if (c.injectionTask && !c.attackSucceeded) {
      const l = fails.get(c.injectionTask) ?? [];
      l.push(c.userTask);
      fails.set(c.injectionTask, l);
    }
  },
});
console.log(
  r.suites[0]!.asr,
  r.suites[0]!.cases,
  [...fails].map(([k, v]) => `${k}: ${v.length} ${v.slice(0, 4).join(',')}`),
);
