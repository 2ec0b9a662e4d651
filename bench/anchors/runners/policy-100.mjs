// A 100-rule Warden policy for the parallel-calls row: it allows `add` (within limits) and labels every result,
// so each decision reads a labelled history; 10 rules apply to every tool, the rest to other tools.
export function hundredRulePolicy() {
  const rules = [
    '  - { id: allow-add, tool: add, allow: { args.b: { lte: 100 } } }',
    '  - { id: add-cap, tool: add, limit: { max: 100000, per: run } }',
    '  - { id: add-range, tool: add, deny: { args.a: { gt: 1000000 } } }',
    '  - { id: no-secret-args, tool: add, deny: { args.a: { derivedFrom: secret } } }',
  ];
  for (let i = 0; i < 10; i++) {
    rules.push(`  - { id: star-${i}, tool: "*", deny: { history: { count: { tool: forbidden_${i}, gte: 1 } } } }`);
  }
  for (let i = rules.length; i < 100; i++) {
    rules.push(`  - { id: other-${i}, tool: other_${i}, deny: { args.x: { gt: ${i} } } }`);
  }
  return `version: 1
default: deny
labels:
  untrusted: [add]
  secret: [read_secret]
rules:
${rules.join('\n')}
`;
}
