import { z } from 'zod';
import type { SuiteManifest } from '../suite-types.js';

const vectorIdPattern = /^[A-Za-z0-9_.-]+$/;
const fileName = z.string().min(1, 'must name a file next to suite.yaml');

/** The schema of suite.yaml; unknown keys are rejected so that a misspelt key is not silently ignored. */
export const suiteManifestSchema: z.ZodType<SuiteManifest> = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lowercase letters, digits and "-", e.g. "workspace"'),
  description: z.string().min(1, 'must say what the suite simulates'),
  user: z.string().min(1).optional(),
  environment: fileName.optional(),
  toolkit: fileName.optional(),
  tasks: fileName.optional(),
  policy: fileName.optional(),
  instructions: z.string().optional(),
  principal: z
    .strictObject({
      id: z.string().min(1, 'must name whom the runs act for, e.g. "emma.johnson"'),
      roles: z.array(z.string().min(1)).optional(),
      tenant: z.string().min(1).optional(),
      attributes: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
  injectionVectors: z.record(
    z.string().regex(vectorIdPattern, 'vector ids are letters, digits, "_", "." and "-"'),
    z.strictObject({
      description: z.string().min(1, 'must say where the attacker text appears'),
      default: z.string().optional(),
    }),
  ),
});

/** The placeholder that marks an injection point inside a string of environment.yaml. */
export const injectionPlaceholder = /\{\{injection:([A-Za-z0-9_.-]+)\}\}/g;
