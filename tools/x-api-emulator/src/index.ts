// A local X API v2 server faithful to the wire protocol (filtered stream,
// stream rules, recent search) and to X's failures, for the producer's tests
// and for running the pipeline offline.
export { startEmulator, type RunningEmulator, type InjectableMessage } from './emulator.js';
export type { EmulatorOptions } from './options.js';
export type { UsageFigures } from './usage-endpoint.js';
export { FaultTypes, DEFAULT_STALL_MS, type FaultType, type FaultSpec } from './faults.js';
export type { StreamRule, MatchingRule } from './rule-book.js';
export { EmulatorInputError, EmulatorErrorCodes, type EmulatorErrorCode } from './errors.js';
export { loadEmulatorConfig, type EmulatorConfig } from './config.js';
