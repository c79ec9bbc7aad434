export { createLogger, redactUri, REDACT_PATHS, type Logger, type LoggerOptions } from './logger.js';
export { createMetricsRegistry } from './registry.js';
export { dlqMessagesCounter, consumerLagGauge, endToEndLatencyHistogram } from './pipeline-metrics.js';
export { startOpsServer, type OpsServer, type OpsServerOptions, type Readiness } from './ops-server.js';
export { installShutdown, installFatalHandlers, exitOnFatal, type ShutdownOptions } from './process-lifecycle.js';
export { runService, type ServiceContext, type ServiceSettings, type StartedService } from './service-runner.js';
export { backoffDelay, retryWithBackoff, type BackoffPolicy, type RetryWithBackoffOptions } from './retry.js';
