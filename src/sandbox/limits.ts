import type { SandboxLimits } from './sandbox.js';

/** Limits with every field filled in. */
export type ResolvedLimits = Required<SandboxLimits>;

const KiB = 1024;
const MiB = 1024 * KiB;

/** Fills in defaults and rejects nonsense (non-finite or non-positive numbers fall back to the default). */
export function resolveLimits(limits: SandboxLimits = {}, defaults: Partial<ResolvedLimits> = {}): ResolvedLimits {
  const pick = (key: keyof SandboxLimits, fallback: number): number => {
    const value = limits[key] ?? defaults[key];
    return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
  };
  const timeoutMs = pick('timeoutMs', 5000);
  return {
    timeoutMs,
    memoryBytes: pick('memoryBytes', 64 * MiB),
    maxOutputBytes: pick('maxOutputBytes', 64 * KiB),
    maxValueBytes: pick('maxValueBytes', MiB),
    stackBytes: pick('stackBytes', 512 * KiB),
    maxToolCalls: pick('maxToolCalls', 1000),
    cpuSeconds: pick('cpuSeconds', Math.max(1, Math.ceil(timeoutMs / 1000))),
    processes: pick('processes', 32),
    fileBytes: pick('fileBytes', 16 * MiB),
    openFiles: pick('openFiles', 64),
  };
}

/** Turns a seed (number or string) into an unsigned 32-bit integer, the same on every machine. */
export function normalizeSeed(seed: number | string | undefined): number {
  if (seed === undefined) return 0;
  if (typeof seed === 'number' && Number.isFinite(seed)) return Math.abs(Math.trunc(seed)) >>> 0;
  // FNV-1a over the string's UTF-16 code units.
  let hash = 0x811c9dc5;
  for (const char of String(seed)) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}
