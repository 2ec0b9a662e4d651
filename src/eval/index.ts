export {
  type AttackTemplate,
  type AttackVariables,
  builtinAttacksDir,
  loadAttackFile,
  loadAttacks,
  renderAttack,
  resolveAttacks,
} from './attacks/attack-template.js';
export {
  applyTransforms,
  decodedViews,
  type GoalTransform,
  goalTransformNames,
  goalTransforms,
} from './attacks/goal-transforms.js';
export { type Defense, type DefenseName, defenseNames } from './defenses/defense.js';
export { getDefense } from './defenses/defenses.js';
export { proposeOracleTaskPolicy, proposeTaskPolicy } from './defenses/task-policy-proposer.js';
export { selectTools } from './defenses/tool-selector.js';
export { type ExecutedCall, executeCalls } from './execute-calls.js';
export { formatDefenseComparison, formatSecurityTable } from './format-security-table.js';
export { vectorsByTask, vectorsReadBy } from './injection-vectors.js';
export { type CaseAgent, type CaseTrace, runCase } from './run-case.js';
export { runAllDefenses, runSecurityEval, type SecurityEvalOptions } from './run-security-eval.js';
export {
  type CaseResult,
  countStatuses,
  type RunStatusCounts,
  type SecurityMetrics,
  type SecurityReport,
  type SuiteReport,
} from './security-report.js';
export { type EvalTransport, evalTransports, startServerTransport } from './server-transport.js';
export { GroundTruthModel } from './simulated/ground-truth-model.js';
export {
  createCompromisedModel,
  createOracleModel,
  describeSimulatedModel,
  simulatedModelDescriptions,
  simulatedModelNames,
} from './simulated/simulated-models.js';
export { findInjectionPlaceholders, instantiateEnvironment } from './suite/environment.js';
export { type LoadedSuite, loadSuite } from './suite/load-suite.js';
export { builtinSuiteNames, builtinSuitesDir, resolveSuiteDir } from './suite/resolve-suite.js';
export { bindTools, type SuiteTool, suiteToolDefiner } from './suite/suite-tool.js';
export type * from './suite-types.js';
