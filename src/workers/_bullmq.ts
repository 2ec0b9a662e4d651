import { isMissingPackage, MissingDependencyError } from '../core/errors/missing-dependency-error.js';

/** `bullmq`, loaded on the first queue or worker: an optional dependency (with `ioredis`). */
export async function importBullmq(): Promise<typeof import('bullmq')> {
  try {
    return await import('bullmq');
  } catch (error) {
    if (isMissingPackage(error, 'bullmq')) {
      throw new MissingDependencyError('bullmq', 'Distributed workers (warden worker, warden run --queue)', error);
    }
    throw error;
  }
}
