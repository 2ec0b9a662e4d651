export * from './actions/index.js';
export * from './core/index.js';
export * from './counters/index.js';
export { type Budget, carveBudget } from './kernel/budget.js';
export { RunHaltedError, RunSuspendedError } from './kernel/control-flow.js';
export { RunAwaitingInputError } from './kernel/tool-host/awaiting-input.js';
export type { ElicitationHandler, ElicitationQuestion } from './kernel/tool-host/elicitation-handler.js';
export type { ToolHost } from './tools/tool-host.js';
export type {
  AgentKernel,
  CodeActionRequest,
  CodeActionResult,
  GenerateResult,
  PendingToolCall,
  ToolCallResult,
} from './kernel/kernel.js';
export type { LoopGuardOptions } from './kernel/loop-guard.js';
export type { KernelRetryOptions } from './kernel/pipeline/retry-decision.js';
export { type FailedAttempt, ModelFallbackError } from './kernel/routing/model-fallback-error.js';
export type { EscalationReason, ModelRouting } from './kernel/routing/model-routing.js';
export { createScheduler, type ScheduleOptions, type Scheduler } from './kernel/scheduler.js';
export * from './models/collect-stream.js';
export * from './models/language-model.js';
export * from './models/pricing.js';
export * from './policy/policy.js';
export * from './runtime/index.js';
export { type CodeActOptions, codeact } from './strategies/codeact/codeact.js';
export { type RoleExample, toRoleTrajectories } from './runtime/role-trajectory.js';
export { createActorFactory } from './runtime/actor-factory.js';
export { malt, type MaltOptions } from './strategies/malt/malt.js';
export { type ActorSpec, type OrchestratorOptions, orchestrator } from './strategies/orchestrator/orchestrator.js';
export { type Plan, type PlanStep, PlanFormatError } from './strategies/plan-execute/plan.js';
export { type PlanExecuteOptions, planExecute } from './strategies/plan-execute/plan-execute.js';
export { react } from './strategies/react/react.js';
export { type AStarOptions, astar } from './strategies/search/astar.js';
export { type BestFirstOptions, bestFirst } from './strategies/search/best-first.js';
export { type MctsOptions, mcts } from './strategies/search/mcts.js';
export { PlanMemory } from './strategies/search/plan-memory.js';
export type { SearchBudget, SearchOptions } from './strategies/search/search-core.js';
export type { EnvironmentMode } from './strategies/search/search-environment.js';
export type { Strategy, StrategyInput, StrategyResult } from './strategies/strategy.js';
export { MemoryRunStore } from './store/memory-store.js';
export type { NewRun, RunFilter, RunPatch, RunRecord, RunStore } from './store/run-store.js';
export { defineTool, type ToolDefinition } from './tools/define-tool.js';
export {
  type Schema,
  type SchemaAdapter,
  type SchemaInput,
  type SchemaOutput,
  withJsonSchema,
} from './tools/schema-adapter.js';
export type { ParseResult, Principal, Tool, ToolContext } from './tools/tool.js';
