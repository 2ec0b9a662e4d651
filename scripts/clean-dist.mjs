// Removes dist/ before a build, so that files whose sources were deleted or renamed never ship.
import { rmSync } from 'node:fs';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
