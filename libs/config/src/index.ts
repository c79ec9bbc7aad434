export { ConfigError } from './config-error.js';
export { parseEnv, resolveFileVariables, deepFreeze, type Env } from './parse-env.js';
export { fields, commonEnvShape, topicsEnvShape, topicsConfig, type TopicsConfig } from './fields.js';
export { loadConsumerConfig, type ConsumerConfig, type ConsumerDefaults } from './consumer-config.js';
export {
  loadMongoConnection,
  mongoConnectionEnvShape,
  MONGODB_AUTH_MECHANISMS,
  MONGODB_SECRET_VARIABLES,
  type MongoAuthMechanism,
  type MongoConnection,
} from './mongo-connection.js';
export {
  loadKafkaSecurity,
  kafkaSecurityEnvShape,
  KAFKA_SECURITY_PROTOCOLS,
  KAFKA_SASL_MECHANISMS,
  KAFKA_SECRET_VARIABLES,
  type KafkaSecurity,
  type KafkaSecurityProtocol,
  type KafkaSaslMechanism,
} from './kafka-security.js';
