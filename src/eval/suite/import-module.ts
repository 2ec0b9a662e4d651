import { extname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMissingPackage, MissingDependencyError } from '../../core/errors/missing-dependency-error.js';

const typeScriptExtensions = new Set(['.ts', '.mts', '.cts', '.tsx']);

/**
 * Imports a suite's module by absolute path. TypeScript goes through tsx's loader so that
 * suites outside this package work without a build step; JavaScript is imported as is.
 */
export async function importModule(file: string): Promise<Record<string, unknown>> {
  let module: Record<string, unknown>;
  if (typeScriptExtensions.has(extname(file))) {
    const { tsImport } = await importTsx(file);
    module = (await tsImport(pathToFileURL(file).href, import.meta.url)) as Record<string, unknown>;
  } else module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  return withoutCommonJsWrapper(module);
}

/** `tsx`, an optional peer dependency: only suites written in TypeScript need it. */
async function importTsx(file: string): Promise<typeof import('tsx/esm/api')> {
  try {
    return await import('tsx/esm/api');
  } catch (error) {
    if (isMissingPackage(error, 'tsx'))
      throw new MissingDependencyError('tsx', `Loading the TypeScript suite ${file}`, error);
    throw error;
  }
}

/**
 * A `.ts` file outside any `"type": "module"` package is compiled to CommonJS, and importing it yields
 * `{ default: exports }`; the exports are what the suite author wrote.
 */
function withoutCommonJsWrapper(module: Record<string, unknown>): Record<string, unknown> {
  const inner = module.default as Record<string, unknown> | undefined;
  if (inner === null || typeof inner !== 'object' || inner.__esModule !== true) return module;
  return { ...module, ...inner };
}
