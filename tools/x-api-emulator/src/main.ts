#!/usr/bin/env node
import { createLogger, installFatalHandlers, installShutdown } from '@tweet-pipeline/observability';
import { loadEmulatorConfig } from './config.js';
import { startEmulator } from './emulator.js';

const config = loadEmulatorConfig(process.env);
const log = createLogger({ service: 'x-api-emulator', level: config.logLevel });
installFatalHandlers(log);

// The "X API emulator listening" log line carries the url (and the port chosen when X_EMULATOR_PORT=0).
const emulator = await startEmulator({ ...config.options, log });

installShutdown({ log, graceMs: 5_000, stop: () => emulator.close() });
