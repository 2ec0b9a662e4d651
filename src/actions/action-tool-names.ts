/** The action library's tools, as the policy and the CodeAct strategy name them. */
export const actionToolNames = {
  /** Saves a function the agent wrote (a new version when the name exists). Decided by the policy like any tool. */
  save: 'save_action',
  /** Finds saved functions relevant to a task (read-only). The CodeAct strategy calls it at the start of a run. */
  search: 'search_actions',
  /** Counts a use of saved functions and whether the action succeeded (idempotent per syscall). */
  recordUse: 'record_action_use',
} as const;
