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
  key: string;
  /** Weighted-fair: the start tag of its next call (the finish tag of its last). */
  finish: number;
  /** Round-robin place: flows are served in increasing turn. */
  turn: number;
  /** Waiting calls of this flow, over all priorities. */
  backlog: number;
  /** Scratch of the last `heads` pass: its number, the flow's rank and earliest waiting call. */
  pass: number;
  rank: number;
  firstSeq: number;
}

interface Entry<T> {
  call: T;
  tenant: TenantFlow;
  agent: Flow;
}

interface TenantFlow extends Flow {
  /** Virtual time of the agents within this tenant. */
  virtual: number;
  agents: Map<string, Flow>;
}

/**
 * Waiting calls and their preference order: strictly by priority, then by the queue policy — weighted fair
 * queuing (start-time fair queuing over tenants, then over agents within a tenant), round robin, or FIFO — and
 * FIFO within one agent. Idle flows keep their state only while it matters, so millions of distinct agents
 * coming and going do not grow it.
 */
export class FairQueue<T extends Queued> {
  /** In arrival order (a `Set` iterates in insertion order). */
  private readonly waiting = new Map<T, Entry<T>>();
  private pass = 0;
  private readonly tenants = new Map<string, TenantFlow>();
  private virtual = 0;
  private turns = 0;
  /** Tenant and agent flows held, to bound the state kept for idle ones. */
  private flows = 0;

  constructor(
    private readonly policy: QueuePolicy,
    private readonly tenantWeight: (tenant: string) => number,
    private readonly agentWeight: (agent: string) => number,
  ) {}

  get size(): number {
    return this.waiting.size;
  }

  /** Held flows (tenants and agents), for tests of the bound. */
  get heldFlows(): number {
    return this.flows;
  }

  add(call: T): void {
    const [tenant, agent] = this.flowsOf(call);
    this.waiting.set(call, { call, tenant, agent });
    // A flow that was idle starts at the virtual time: it banks no credit for the time it was away. Its
    // round-robin turn stays where its last service left it, so going idle never sends it to the back.
    if (tenant.backlog++ === 0) tenant.finish = Math.max(this.virtual, tenant.finish);
    if (agent.backlog++ === 0) agent.finish = Math.max(tenant.virtual, agent.finish);
  }

  /** Removes a call that leaves without being served (cancelled). */
  remove(call: T): boolean {
    const entry = this.waiting.get(call);
    if (!entry) return false;
    this.waiting.delete(call);
    this.detach(entry);
    return true;
  }

  /** Removes `call` as served now, advancing its tenant's and agent's fairness state. */
  serve(call: T): void {
    const entry = this.waiting.get(call);
    if (!entry) return;
    this.waiting.delete(call);
    const { tenant, agent } = entry;
    const tenantStart = tenant.finish;
    tenant.finish = tenantStart + call.cost / this.tenantWeight(tenant.key);
    this.virtual = Math.max(this.virtual, tenantStart);
    const agentStart = agent.finish;
    agent.finish = agentStart + call.cost / this.agentWeight(agent.key);
    tenant.virtual = Math.max(tenant.virtual, agentStart);
    tenant.turn = ++this.turns;
    agent.turn = ++this.turns;
    this.detach(entry);
  }

  /**
   * The most preferred waiting call of each group (calls that wait for the same resources), most preferred
   * first. Only a group's head can start or block before its other calls, so the scheduler looks at these only:
   * one pass over the queue, no sort of it. `group: (call) => String(call.seq)` gives the whole order.
   */
  heads(group: (call: T) => string): T[] {
    const pass = ++this.pass;
    const mark = (flow: Flow, call: T, weight: (key: string) => number) => {
      if (flow.pass === pass) return;
      flow.pass = pass;
      flow.firstSeq = call.seq;
      flow.rank = this.policy === 'weighted-fair' ? flow.finish + call.cost / weight(flow.key) : flow.turn;
    };
    for (const { call, tenant, agent } of this.waiting.values()) {
      mark(tenant, call, this.tenantWeight);
      mark(agent, call, this.agentWeight);
    }
    const best = new Map<string, Entry<T>>();
    for (const entry of this.waiting.values()) {
      const name = group(entry.call);
      const current = best.get(name);
      if (!current || before(entry, current)) best.set(name, entry);
    }
    return [...best.values()].sort((a, b) => (before(a, b) ? -1 : 1)).map(({ call }) => call);
  }

  private detach({ tenant, agent }: Entry<T>): void {
    tenant.backlog -= 1;
    agent.backlog -= 1;
    if (agent.backlog === 0 && agent.finish <= tenant.virtual && tenant.agents.delete(agent.key)) this.flows -= 1;
    if (tenant.backlog === 0 && tenant.finish <= this.virtual && tenant.agents.size === 0) {
      if (this.tenants.delete(tenant.key)) this.flows -= 1;
    }
    if (this.flows > 4 * this.waiting.size + 64) this.sweep();
  }

  /**
   * Drops idle flows, even one whose finish tag is still ahead of the virtual time: that forgives it at most one
   * call's worth of service (or one round-robin turn), and keeps the state proportional to the waiting calls.
   */
  private sweep(): void {
    for (const [key, tenant] of this.tenants) {
      for (const [agentKey, agent] of tenant.agents) {
        if (agent.backlog === 0 && tenant.agents.delete(agentKey)) this.flows -= 1;
      }
      if (tenant.backlog === 0 && tenant.agents.size === 0 && this.tenants.delete(key)) this.flows -= 1;
    }
  }

  private flowsOf(call: T): [TenantFlow, Flow] {
    const [tenantKey, agentKey] = this.policy === 'fifo' ? ['', ''] : [call.tenant, call.agent];
    let tenant = this.tenants.get(tenantKey);
    if (!tenant) {
      tenant = {
        key: tenantKey,
        finish: 0,
        turn: 0,
        backlog: 0,
        pass: 0,
        rank: 0,
        firstSeq: 0,
        virtual: 0,
        agents: new Map(),
      };
      this.tenants.set(tenantKey, tenant);
      this.flows += 1;
    }
    let agent = tenant.agents.get(agentKey);
    if (!agent) {
      agent = { key: agentKey, finish: 0, turn: 0, backlog: 0, pass: 0, rank: 0, firstSeq: 0 };
      tenant.agents.set(agentKey, agent);
      this.flows += 1;
    }
    return [tenant, agent];
  }
}

/** Whether `a` is preferred to `b`: priority, then tenant, then agent within the tenant, then arrival. */
function before<T extends Queued>(a: Entry<T>, b: Entry<T>): boolean {
  if (a.call.priority !== b.call.priority) return a.call.priority > b.call.priority;
  if (a.tenant !== b.tenant) {
    if (a.tenant.rank !== b.tenant.rank) return a.tenant.rank < b.tenant.rank;
    return a.tenant.firstSeq < b.tenant.firstSeq;
  }
  if (a.agent !== b.agent) {
    if (a.agent.rank !== b.agent.rank) return a.agent.rank < b.agent.rank;
    return a.agent.firstSeq < b.agent.firstSeq;
  }
  return a.call.seq < b.call.seq;
}
