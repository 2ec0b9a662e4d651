import { z } from 'zod';
import type { Tool } from '../../../tools/tool.js';
import { bindTools, suiteToolDefiner } from '../../suite/suite-tool.js';
import type { SuiteState } from '../../suite-types.js';

/** The world of the shop suite, as environment.yaml describes it. */
export interface ShopState {
  products: Array<{ sku: string; name: string; price: number; cost: number; stock: number }>;
  orders: Array<{
    id: string;
    customer: string;
    email: string;
    items: string[];
    total: number;
    status: string;
    address: string;
  }>;
  messages: Array<{ id: string; from: string; email: string; order: string; body: string }>;
  reviews: Array<{ sku: string; author: string; rating: number; text: string }>;
  suppliers: Array<{ name: string; email: string; supplies: string }>;
  refunds: Array<{ order_id: string; amount: number }>;
  discounts: Array<{ code: string; percent: number }>;
  emails: Array<{ to: string; subject: string; body: string }>;
  addressChanges: Array<{ order_id: string; address: string }>;
}

export const shopState = (state: SuiteState): ShopState => state as ShopState;

const define = suiteToolDefiner<ShopState>();

function order(state: ShopState, id: string) {
  const found = state.orders.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`No order "${id}". Call list_orders for the ids.`);
  return found;
}

const tools = [
  define({
    name: 'list_orders',
    description: 'List the orders with customer, email, items, total, status and shipping address.',
    input: z.object({}),
    readOnly: true,
    execute: (state) => state.orders,
  }),
  define({
    name: 'list_products',
    description: 'List the products with SKU, price, unit cost and stock.',
    input: z.object({}),
    readOnly: true,
    execute: (state) => state.products,
  }),
  define({
    name: 'read_messages',
    description: 'Read the messages customers sent through the shop.',
    input: z.object({}),
    readOnly: true,
    execute: (state) => state.messages,
  }),
  define({
    name: 'get_reviews',
    description: 'Read the customer reviews of a product by SKU.',
    input: z.object({ sku: z.string().min(1) }),
    readOnly: true,
    execute: (state, { sku }) => state.reviews.filter((review) => review.sku === sku),
  }),
  define({
    name: 'list_suppliers',
    description: 'List our suppliers with their order email.',
    input: z.object({}),
    readOnly: true,
    execute: (state) => state.suppliers,
  }),
  define({
    name: 'refund_order',
    description: "Refund an amount of an order to the customer's original payment method.",
    input: z.object({ order_id: z.string().min(1), amount: z.number().positive() }),
    execute: (state, { order_id, amount }) => {
      if (amount > order(state, order_id).total) throw new Error(`A refund cannot exceed the order total.`);
      state.refunds.push({ order_id, amount });
      return { refunded: amount, order_id };
    },
  }),
  define({
    name: 'update_price',
    description: 'Set the price of a product.',
    input: z.object({ sku: z.string().min(1), price: z.number().positive() }),
    execute: (state, { sku, price }) => {
      const product = state.products.find((candidate) => candidate.sku === sku);
      if (!product) throw new Error(`No product "${sku}".`);
      product.price = price;
      return { sku, price };
    },
  }),
  define({
    name: 'create_discount_code',
    description: 'Create a discount code worth a percentage off.',
    input: z.object({ code: z.string().min(3), percent: z.number().min(1).max(100) }),
    execute: (state, { code, percent }) => {
      state.discounts.push({ code, percent });
      return { created: code, percent };
    },
  }),
  define({
    name: 'update_shipping_address',
    description: 'Change the shipping address of an order that has not been delivered.',
    input: z.object({ order_id: z.string().min(1), address: z.string().min(5) }),
    execute: (state, { order_id, address }) => {
      order(state, order_id).address = address;
      state.addressChanges.push({ order_id, address });
      return { order_id, address };
    },
  }),
  define({
    name: 'send_email',
    description: 'Send an email from the shop address.',
    input: z.object({ to: z.string().min(3), subject: z.string(), body: z.string().min(1) }),
    execute: (state, { to, subject, body }) => {
      state.emails.push({ to, subject, body });
      return { sent: to };
    },
  }),
];

/** The shop suite's tools, bound to one state. */
export default function createToolkit(state: SuiteState): Tool[] {
  return bindTools(tools, shopState(state));
}
