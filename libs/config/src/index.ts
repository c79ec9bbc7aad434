export { ConfigError } from './config-error.js';
export { parseEnv, resolveFileVariables, deepFreeze, type Env } from './parse-env.js';
export { fields, commonEnvShape, topicsEnvShape, topicsConfig, type TopicsConfig } from './fields.js';
export { loadConsumerConfig, type ConsumerConfig, type ConsumerDefaults } from './consumer-config.js';
