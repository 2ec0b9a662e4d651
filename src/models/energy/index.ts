export {
  type EnergyClass,
  type EnergyCoefficients,
  energyClassOf,
  energyCoefficients,
  estimateEnergyWh,
} from './energy-coefficients.js';
