import type { QueuePolicy } from './api.js';

/** What the queue needs to know of a waiting call. */
export interface Queued {
  readonly seq: number;
  readonly priority: number;
  readonly tenant: string;
  readonly agent: string;
  /** Its share of service for weighted fair queuing: 1 per request, or its tokens. */
  readonly cost: number;
}

/** Fairness state of one flow (a tenant, or an agent within a tenant). */
interface Flow {
  /** Weighted-fair: the start tag of its next call (the finish tag of its last). */
  finish: number;
  /** Round-robin place: flows are served in increasing turn. */
  turn: number;
  /** Waiting calls of this flow, over all priorities. */
  backlog: number;
}

interface TenantFlow extends Flow {
  /** Virtual time of the agents within this tenant. */
  virtual: number;
  agents: Map<string, Flow>;
}

/**
 * Waiting calls in preference order: strictly by priority, then by the queue policy — weighted fair queuing
 * (start-time fair queuing over tenants, then over agents within a tenant), round robin, or FIFO — and FIFO
 * within one agent. Idle flows keep their state only while it still matters (a finish tag ahead of the
 * virtual time), so millions of distinct agents do not grow it.
 */
export class FairQueue<T extends Queued> {
  private readonly levels = new Map<number, Map<string, Map<string, T[]>>>();
  private priorities: number[] = [];
  private readonly tenants = new Map<string, TenantFlow>();
  private virtual = 0;
  private turns = 0;
  private count = 0;
  /** Tenant and agent flows held, to bound the state kept for idle ones. */
  private flows = 0;

  constructor(
    private readonly policy: QueuePolicy,
    private readonly tenantWeight: (tenant: string) => number,
    private readonly agentWeight: (agent: string) => number,
  ) {}

  get size(): number {
    return this.count;
  }

  add(call: T): void {
    const [tenantKey, agentKey] = this.keys(call);
    let level = this.levels.get(call.priority);
    if (!level) {
      level = new Map();
      this.levels.set(call.priority, level);
      this.priorities = [...this.levels.keys()].sort((a, b) => b - a);
    }
    let tenantCalls = level.get(tenantKey);
    if (!tenantCalls) {
      tenantCalls = new Map();
      level.set(tenantKey, tenantCalls);
    }
    let agentCalls = tenantCalls.get(agentKey);
    if (!agentCalls) {
      agentCalls = [];
      tenantCalls.set(agentKey, agentCalls);
    }
    agentCalls.push(call);
    const tenant = this.tenantFlow(tenantKey);
    const agent = tenant.agents.get(agentKey) ?? this.newFlow(tenant.agents, agentKey);
    // A flow that was idle starts at the virtual time: it banks no credit for the time it was away. Its
    // round-robin turn stays where its last service left it, so going idle never sends it to the back.
    if (tenant.backlog++ === 0) tenant.finish = Math.max(this.virtual, tenant.finish);
    if (agent.backlog++ === 0) agent.finish = Math.max(tenant.virtual, agent.finish);
    this.count += 1;
  }

  /** Removes a call that leaves without being served (cancelled). */
  remove(call: T): boolean {
    const [tenantKey, agentKey] = this.keys(call);
    const calls = this.levels.get(call.priority)?.get(tenantKey)?.get(agentKey);
    const index = calls?.indexOf(call) ?? -1;
    if (!calls || index < 0) return false;
    calls.splice(index, 1);
    this.detach(call, calls);
    return true;
  }

  /** Removes `call` as served now, advancing its tenant's and agent's fairness state. */
  serve(call: T): void {
    const [tenantKey, agentKey] = this.keys(call);
    const calls = this.levels.get(call.priority)?.get(tenantKey)?.get(agentKey);
    const index = calls?.indexOf(call) ?? -1;
    if (!calls || index < 0) return;
    calls.splice(index, 1);
    const tenant = this.tenants.get(tenantKey)!;
    const agent = tenant.agents.get(agentKey)!;
    const tenantStart = tenant.finish;
    tenant.finish = tenantStart + call.cost / this.tenantWeight(tenantKey);
    this.virtual = Math.max(this.virtual, tenantStart);
    const agentStart = agent.finish;
    agent.finish = agentStart + call.cost / this.agentWeight(agentKey);
    tenant.virtual = Math.max(tenant.virtual, agentStart);
    tenant.turn = ++this.turns;
    agent.turn = ++this.turns;
    this.detach(call, calls);
  }

  /** Every waiting call, most preferred first. Do not change the queue while iterating. */
  *ordered(): Generator<T> {
    for (const priority of this.priorities) {
      const level = this.levels.get(priority)!;
      for (const [tenantKey, tenantCalls] of this.sorted(level, this.tenants, this.tenantWeight, tenantHead)) {
        const tenant = this.tenants.get(tenantKey)!;
        for (const [, calls] of this.sorted(tenantCalls, tenant.agents, this.agentWeight, (calls) => calls[0]!)) {
          yield* calls;
        }
      }
    }
  }

  /** Flows by the weighted-fair finish tag of their next call, or by round-robin turn; ties by arrival. */
  private sorted<V>(
    groups: Map<string, V>,
    flows: Map<string, Flow>,
    weight: (key: string) => number,
    head: (value: V) => Queued,
  ): Array<[string, V]> {
    if (groups.size < 2) return [...groups];
    const ranked = [...groups].map((entry) => {
      const flow = flows.get(entry[0])!;
      const next = head(entry[1]);
      const rank = this.policy === 'weighted-fair' ? flow.finish + next.cost / weight(entry[0]) : flow.turn;
      return { entry, rank, seq: next.seq };
    });
    ranked.sort((x, y) => x.rank - y.rank || x.seq - y.seq);
    return ranked.map(({ entry }) => entry);
  }

  private detach(call: T, calls: T[]): void {
    const [tenantKey, agentKey] = this.keys(call);
    const level = this.levels.get(call.priority)!;
    const tenantCalls = level.get(tenantKey)!;
    if (calls.length === 0) tenantCalls.delete(agentKey);
    if (tenantCalls.size === 0) level.delete(tenantKey);
    if (level.size === 0) {
      this.levels.delete(call.priority);
      this.priorities = this.priorities.filter((priority) => priority !== call.priority);
    }
    const tenant = this.tenants.get(tenantKey)!;
    const agent = tenant.agents.get(agentKey)!;
    tenant.backlog -= 1;
    agent.backlog -= 1;
    this.count -= 1;
    // An idle flow whose finish tag is not ahead of the virtual time would restart there anyway: forget it.
    this.forget(tenantKey, tenant, agentKey, agent);
    if (this.flows > 4 * this.count + 64) this.sweep();
  }

  /** Held flows (tenants and agents), for tests of the bound. */
  get heldFlows(): number {
    return this.flows;
  }

  private forget(tenantKey: string, tenant: TenantFlow, agentKey: string, agent: Flow): void {
    if (agent.backlog === 0 && agent.finish <= tenant.virtual && tenant.agents.delete(agentKey)) this.flows -= 1;
    if (tenant.backlog === 0 && tenant.finish <= this.virtual && tenant.agents.size === 0) {
      if (this.tenants.delete(tenantKey)) this.flows -= 1;
    }
  }

  /**
   * Drops idle flows. One whose finish tag is still ahead is dropped too when the bound is hit: that forgives
   * it less than one call's worth of service, and keeps the state proportional to the waiting calls.
   */
  private sweep(): void {
    for (const [key, tenant] of this.tenants) {
      for (const [agentKey, agent] of tenant.agents) {
        if (agent.backlog === 0 && tenant.agents.delete(agentKey)) this.flows -= 1;
      }
      if (tenant.backlog === 0 && tenant.agents.size === 0 && this.tenants.delete(key)) this.flows -= 1;
    }
  }

  private tenantFlow(key: string): TenantFlow {
    let tenant = this.tenants.get(key);
    if (!tenant) {
      tenant = { finish: 0, turn: 0, backlog: 0, virtual: 0, agents: new Map() };
      this.tenants.set(key, tenant);
      this.flows += 1;
    }
    return tenant;
  }

  private newFlow(flows: Map<string, Flow>, key: string): Flow {
    const flow: Flow = { finish: 0, turn: 0, backlog: 0 };
    flows.set(key, flow);
    this.flows += 1;
    return flow;
  }

  private keys(call: T): [string, string] {
    return this.policy === 'fifo' ? ['', ''] : [call.tenant, call.agent];
  }
}

/** A tenant's earliest waiting call, over its agents. */
function tenantHead(agents: Map<string, Queued[]>): Queued {
  let first: Queued | undefined;
  for (const calls of agents.values()) if (calls[0] && (!first || calls[0].seq < first.seq)) first = calls[0];
  return first!;
}
