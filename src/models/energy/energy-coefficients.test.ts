import { describe, expect, it } from 'vitest';
import { energyClassOf, energyCoefficients, estimateEnergyWh } from './energy-coefficients.js';

describe('energy classes and coefficients (an estimate)', () => {
  it('classes models by provider and id, and says when nothing matched', () => {
    expect(energyClassOf('ollama', 'llama3.2')).toEqual({ energyClass: 'local', basis: 'matched' });
    expect(energyClassOf('openai', 'gpt-4o-mini').energyClass).toBe('small');
    expect(energyClassOf('openai', 'o3-mini').energyClass).toBe('small');
    expect(energyClassOf('openai', 'o3').energyClass).toBe('reasoning');
    expect(energyClassOf('anthropic', 'claude-opus-4').energyClass).toBe('reasoning');
    expect(energyClassOf('anthropic', 'claude-haiku-4-5').energyClass).toBe('small');
    expect(energyClassOf('anthropic', 'claude-sonnet-4-5')).toEqual({ energyClass: 'large', basis: 'matched' });
    expect(energyClassOf('acme', 'x-1')).toEqual({ energyClass: 'large', basis: 'default' });
    expect(energyClassOf('openai', 'gpt-4o', true).energyClass).toBe('simulated');
  });

  it('multiplies tokens by the per-1k coefficients, input and output apart', () => {
    expect(estimateEnergyWh('large', 1000, 1000)).toBeCloseTo(0.8, 10);
    expect(estimateEnergyWh('small', 2000, 500)).toBeCloseTo(0.14, 10);
    expect(estimateEnergyWh('simulated', 1e6, 1e6)).toBe(0);
    for (const coefficients of Object.values(energyCoefficients)) {
      expect(coefficients.outputWhPerKTok).toBeGreaterThanOrEqual(coefficients.inputWhPerKTok);
    }
  });
});
