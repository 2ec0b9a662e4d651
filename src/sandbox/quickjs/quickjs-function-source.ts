import releaseSync from '@jitl/quickjs-wasmfile-release-sync';
import {
  type QuickJSWASMModule,
  newQuickJSWASMModuleFromVariant,
  newVariant,
  shouldInterruptAfterDeadline,
} from 'quickjs-emscripten-core';
import { compiledQuickJs } from './quickjs-worker-handle.js';

type SyncVariant = Exclude<Parameters<typeof newQuickJSWASMModuleFromVariant>[0], PromiseLike<unknown>>;
// The package's CommonJS typings describe its namespace; Node's ESM import gives the variant itself.
const baseVariant = releaseSync as unknown as SyncVariant;
let quickJs: Promise<QuickJSWASMModule> | undefined;

function loadQuickJs(): Promise<QuickJSWASMModule> {
  quickJs ??= compiledQuickJs().then((wasmModule) =>
    newQuickJSWASMModuleFromVariant(newVariant(baseVariant, wasmModule ? { wasmModule: wasmModule as never } : {})),
  );
  return quickJs;
}

/** Bounds on evaluating an expression for its source. */
export interface FunctionSourceLimits {
  /** @default 200 */
  timeoutMs?: number;
  /** @default 8 MiB */
  memoryBytes?: number;
}

/**
 * The source text QuickJS keeps for the function `expression` evaluates to, or undefined if it does not evaluate
 * to a function (a syntax error, a throw, a timeout, another value). The expression runs in a fresh QuickJS
 * context of its own, with no host functions, on this thread; the source is read with the built-in
 * `Function.prototype.toString` taken before it runs, so the expression cannot change how it is read.
 *
 * A function's source is its own text and nothing around it: `functionSourceOf(text) === text` holds only when
 * `text` is exactly one function expression.
 */
export async function functionSourceOf(
  expression: string,
  limits: FunctionSourceLimits = {},
): Promise<string | undefined> {
  const module = await loadQuickJs();
  const runtime = module.newRuntime();
  try {
    runtime.setMemoryLimit(limits.memoryBytes ?? 8 << 20);
    runtime.setMaxStackSize(512 << 10);
    runtime.setInterruptHandler(shouldInterruptAfterDeadline(Date.now() + (limits.timeoutMs ?? 200)));
    const context = runtime.newContext();
    try {
      const toSource = context.unwrapResult(context.evalCode('Function.prototype.toString'));
      try {
        const evaluated = context.evalCode(`(\n${expression}\n)`, 'source-check.js');
        if (evaluated.error) {
          evaluated.error.dispose();
          return undefined;
        }
        const value = evaluated.value;
        try {
          if (context.typeof(value) !== 'function') return undefined;
          const source = context.callFunction(toSource, value);
          if (source.error) {
            source.error.dispose();
            return undefined;
          }
          const text = context.typeof(source.value) === 'string' ? context.getString(source.value) : undefined;
          source.value.dispose();
          return text;
        } finally {
          value.dispose();
        }
      } finally {
        toSource.dispose();
      }
    } finally {
      context.dispose();
    }
  } catch {
    return undefined;
  } finally {
    runtime.dispose();
  }
}
