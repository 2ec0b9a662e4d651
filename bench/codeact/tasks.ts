import { z } from 'zod';
import { defineTool } from '../../src/tools/define-tool.js';
import type { Tool } from '../../src/tools/tool.js';

/**
 * The CodeAct benchmark's world: a shop, a bank and a weather service, deterministic. Every task needs several
 * tool calls (some depending on earlier results) and has one right answer computed here, apart from any model.
 */
export interface CallSpec {
  tool: string;
  input: Record<string, unknown>;
}

export interface BenchTask {
  id: string;
  question: string;
  /** Stages of calls: the calls of a stage depend only on results of earlier stages. */
  stages: (results: unknown[]) => CallSpec[] | undefined;
  /** The answer from every result, in call order. */
  answer: (results: unknown[]) => string;
  /** A JavaScript program that does the whole task with `tools.*` and returns the answer. */
  code: string;
}

const prices: Record<string, number> = { pen: 120, book: 1450, lamp: 3999, mug: 850, desk: 18900, chair: 7450 };
const rates: Record<string, number> = { EUR: 0.92, GBP: 0.79, JPY: 151.3, CHF: 0.88 };
const users: Record<string, { id: string; balance: number }> = {
  ada: { id: 'u1', balance: 120.5 },
  bob: { id: 'u2', balance: 75.25 },
  cy: { id: 'u3', balance: 310 },
  dee: { id: 'u4', balance: 42.75 },
  eve: { id: 'u5', balance: 999.99 },
};
const weather: Record<string, number> = { Oslo: 4, Rome: 19, Cairo: 31, Lima: 17, Tokyo: 12, Perth: 26 };
const stock: Record<string, number> = { pen: 40, book: 0, lamp: 3, mug: 0, desk: 1, chair: 12 };

/** The world's tools. */
export function benchTools(): Tool[] {
  const fail = (message: string) => {
    throw new Error(message);
  };
  return [
    defineTool({
      name: 'get_price',
      description: 'Price of a shop item in US cents. Returns { item, cents }.',
      input: z.object({ item: z.string() }).strict(),
      readOnly: true,
      execute: ({ item }) => ({ item, cents: prices[item] ?? fail(`no item ${item}`) }),
    }),
    defineTool({
      name: 'convert',
      description: 'Converts US dollars to another currency. Returns { amount, currency }.',
      input: z.object({ usd: z.number(), currency: z.string() }).strict(),
      readOnly: true,
      execute: ({ usd, currency }) => ({
        amount: Math.round(usd * (rates[currency] ?? fail(`no currency ${currency}`)) * 100) / 100,
        currency,
      }),
    }),
    defineTool({
      name: 'find_user',
      description: 'Looks a customer up by name. Returns { id }.',
      input: z.object({ name: z.string() }).strict(),
      readOnly: true,
      execute: ({ name }) => ({ id: users[name]?.id ?? fail(`no user ${name}`) }),
    }),
    defineTool({
      name: 'get_balance',
      description: 'Account balance of a customer id in US dollars. Returns { balance }.',
      input: z.object({ id: z.string() }).strict(),
      readOnly: true,
      execute: ({ id }) => ({
        balance: Object.values(users).find((user) => user.id === id)?.balance ?? fail(`no id ${id}`),
      }),
    }),
    defineTool({
      name: 'get_weather',
      description: 'Temperature in a city in degrees Celsius. Returns { city, celsius }.',
      input: z.object({ city: z.string() }).strict(),
      readOnly: true,
      execute: ({ city }) => ({ city, celsius: weather[city] ?? fail(`no city ${city}`) }),
    }),
    defineTool({
      name: 'get_stock',
      description: 'Units of a shop item in stock. Returns { item, units }.',
      input: z.object({ item: z.string() }).strict(),
      readOnly: true,
      execute: ({ item }) => ({ item, units: stock[item] ?? fail(`no item ${item}`) }),
    }),
  ] as Tool[];
}

const field = <T>(value: unknown, key: string) => (value as Record<string, T>)[key] as T;

function totalIn(items: string[], currency: string): BenchTask {
  return {
    id: `total-${items.join('-')}-${currency}`,
    question: `What do a ${items.join(', a ')} cost together in ${currency}? Answer with the number only.`,
    stages: (results) => {
      if (results.length === 0) return items.map((item) => ({ tool: 'get_price', input: { item } }));
      if (results.length === items.length) {
        const cents = results.reduce<number>((sum, r) => sum + field<number>(r, 'cents'), 0);
        return [{ tool: 'convert', input: { usd: cents / 100, currency } }];
      }
      return undefined;
    },
    answer: (results) => String(field<number>(results.at(-1), 'amount')),
    code: `const items = ${JSON.stringify(items)};
const prices = await Promise.all(items.map((item) => tools.get_price({ item })));
const usd = prices.reduce((sum, p) => sum + p.cents, 0) / 100;
const { amount } = await tools.convert({ usd, currency: '${currency}' });
return amount;`,
  };
}

function balances(names: string[]): BenchTask {
  return {
    id: `balances-${names.join('-')}`,
    question: `What is the combined account balance of ${names.join(', ')} in US dollars? Answer with the number only.`,
    stages: (results) => {
      if (results.length === 0) return names.map((name) => ({ tool: 'find_user', input: { name } }));
      if (results.length === names.length) {
        return results.map((r) => ({ tool: 'get_balance', input: { id: field<string>(r, 'id') } }));
      }
      return undefined;
    },
    answer: (results) =>
      String(
        Math.round(results.slice(names.length).reduce<number>((s, r) => s + field<number>(r, 'balance'), 0) * 100) /
          100,
      ),
    code: `const names = ${JSON.stringify(names)};
const ids = await Promise.all(names.map((name) => tools.find_user({ name })));
const balances = await Promise.all(ids.map(({ id }) => tools.get_balance({ id })));
return Math.round(balances.reduce((sum, b) => sum + b.balance, 0) * 100) / 100;`,
  };
}

function warmest(cities: string[]): BenchTask {
  return {
    id: `warmest-${cities.join('-')}`,
    question: `Which of ${cities.join(', ')} is warmest right now? Answer with the city only.`,
    stages: (results) =>
      results.length === 0 ? cities.map((city) => ({ tool: 'get_weather', input: { city } })) : undefined,
    answer: (results) =>
      field<string>(
        results.reduce((best, r) => (field<number>(r, 'celsius') > field<number>(best, 'celsius') ? r : best)),
        'city',
      ),
    code: `const cities = ${JSON.stringify(cities)};
const reports = await Promise.all(cities.map((city) => tools.get_weather({ city })));
return reports.reduce((best, r) => (r.celsius > best.celsius ? r : best)).city;`,
  };
}

function inStock(items: string[]): BenchTask {
  return {
    id: `stock-${items.join('-')}`,
    question: `Which of ${items.join(', ')} are in stock? Answer with the items, comma-separated, in the order asked.`,
    stages: (results) =>
      results.length === 0 ? items.map((item) => ({ tool: 'get_stock', input: { item } })) : undefined,
    answer: (results) =>
      results
        .filter((r) => field<number>(r, 'units') > 0)
        .map((r) => field<string>(r, 'item'))
        .join(','),
    code: `const items = ${JSON.stringify(items)};
const levels = await Promise.all(items.map((item) => tools.get_stock({ item })));
return levels.filter((l) => l.units > 0).map((l) => l.item).join(',');`,
  };
}

/** The 24 tasks: 3 to 8 tool calls each. */
export const benchTasks: BenchTask[] = [
  totalIn(['pen', 'book'], 'EUR'),
  totalIn(['lamp', 'mug', 'pen'], 'GBP'),
  totalIn(['desk', 'chair'], 'JPY'),
  totalIn(['book', 'mug', 'lamp', 'pen'], 'CHF'),
  totalIn(['chair', 'pen', 'mug'], 'EUR'),
  totalIn(['desk', 'lamp', 'book', 'mug', 'pen'], 'GBP'),
  balances(['ada', 'bob']),
  balances(['cy', 'dee', 'eve']),
  balances(['ada', 'cy', 'eve']),
  balances(['bob', 'dee']),
  balances(['ada', 'bob', 'cy', 'dee']),
  balances(['eve', 'ada']),
  warmest(['Oslo', 'Rome', 'Cairo']),
  warmest(['Lima', 'Tokyo', 'Perth']),
  warmest(['Oslo', 'Tokyo', 'Lima', 'Rome']),
  warmest(['Perth', 'Cairo', 'Rome']),
  warmest(['Oslo', 'Lima', 'Tokyo']),
  warmest(['Rome', 'Perth', 'Oslo', 'Cairo', 'Lima']),
  inStock(['pen', 'book', 'lamp']),
  inStock(['mug', 'desk', 'chair']),
  inStock(['book', 'mug', 'pen', 'desk']),
  inStock(['lamp', 'chair', 'book']),
  inStock(['pen', 'mug', 'chair', 'desk', 'lamp']),
  inStock(['desk', 'book', 'mug']),
];
