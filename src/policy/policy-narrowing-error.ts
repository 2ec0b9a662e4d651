import { WardenError } from '../core/errors/warden-error.js';

/** A task-scoped policy proposal tried to widen the base policy: it names tools the base never allows. */
export class PolicyNarrowingError extends WardenError {
  readonly tools: readonly string[];

  constructor(tools: readonly string[]) {
    super({
      code: 'POLICY_NARROWING_REJECTED',
      fault: 'model',
      message: `The proposed task policy names tools the base policy never allows: ${tools.join(', ')}. Propose only tools the base policy allows; a task policy can only narrow it.`,
      data: { tools: [...tools] },
    });
    this.tools = tools;
  }
}
