import { compileNames, type NameMatcher } from './glob.js';
import type { Principal } from '../tools/tool.js';
import type { RoleModel } from './policy-model.js';

/** Which tools a principal's roles grant. */
export interface RoleAccess {
  /** The roles that were looked up, for reasons. */
  roles: readonly string[];
  /** The role granting `tool`, or undefined when none does. */
  grant(tool: string): string | undefined;
}

/**
 * Compiles roles. A principal with roles sees only the tools they grant (a role the policy does not define
 * grants nothing); a run without a principal, or a principal without roles, is not limited by roles.
 */
export function compileRoles(
  roles: ReadonlyMap<string, RoleModel>,
): (principal: Principal | undefined) => RoleAccess | undefined {
  const matchers = new Map<string, NameMatcher>();
  for (const [name, role] of roles) matchers.set(name, compileNames(role.tools));
  const cache = new Map<string, RoleAccess>();
  return (principal) => {
    const names = principal?.roles;
    if (!Array.isArray(names) || names.length === 0) return undefined;
    const key = names.join('\u0000');
    let access = cache.get(key);
    if (!access) {
      const granting = names.flatMap((name) => {
        const matcher = typeof name === 'string' ? matchers.get(name) : undefined;
        return matcher ? [[name, matcher] as const] : [];
      });
      access = {
        roles: names,
        grant: (tool) => granting.find(([, matches]) => matches(tool))?.[0],
      };
      if (cache.size > 1000) cache.clear();
      cache.set(key, access);
    }
    return access;
  };
}
