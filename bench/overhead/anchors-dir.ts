import { fileURLToPath } from 'node:url';

/** The anchor harness: its own npm package with the frameworks' exact versions. */
export const anchorsDir = fileURLToPath(new URL('../anchors/', import.meta.url));

/** Where the bench writes its results. */
export const resultsDir = fileURLToPath(new URL('../results/', import.meta.url));
