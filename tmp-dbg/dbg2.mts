import { loadSuite } from '/work/wt-sec/src/eval/suite/load-suite.js';
import { resolveSuiteDir } from '/work/wt-sec/src/eval/suite/resolve-suite.js';
import { instantiateEnvironment } from '/work/wt-sec/src/eval/suite/environment.js';
import { AttackerKnowledge } from '/work/wt-sec/src/eval/simulated/observations.js';
const suite = await loadSuite(resolveSuiteDir(process.argv[2]!));
const state = instantiateEnvironment(suite.environment, {}, suite.vectorDefaults);
const k = new AttackerKnowledge(state);
for (const inj of suite.injectionTasks) {
  for (const call of inj.groundTruth(state)) {
    const u = k.unseen(call, [inj.goal], []);
    if (u.length) console.log(inj.id, call.tool, JSON.stringify(call.args).slice(0, 150), '=>', u);
  }
}
