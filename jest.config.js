// One Jest run for the whole workspace, in three projects: unit specs beside the code, integration
// specs of each service against real PostgreSQL and Kafka (and of deploy/ where a JVM is needed: the
// Helm chart), end-to-end flows through the gateway.
const fs = require('node:fs');
const path = require('node:path');

const swcrc = JSON.parse(fs.readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));
delete swcrc.$schema;
const swc = {
  ...swcrc,
  swcrc: false,
  jsc: { ...swcrc.jsc, baseUrl: __dirname },
  module: { type: 'commonjs' },
};

const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)s$': ['@swc/jest', swc] },
  // NestJS 12 (and content-disposition, which @fastify/static loads for Swagger UI), @tus/server
  // and file-type ship ES modules: transform them to CommonJS like our own code.
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|@fastify|fastify|find-my-way|jose|content-disposition|@tus|srvx|file-type|strtok3|token-types|uint8array-extras|@tokenizer|@borewit|set-cookie-parser)/)',
  ],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};

module.exports = {
  // After a broker restart, kafkajs 2.2.4 consumers can keep a coordinator socket that disconnect()
  // does not close (a heartbeat reopens it on a stale broker object), which keeps Jest alive after
  // the outage tests. Services are unaffected: Nest re-raises SIGTERM after closing.
  forceExit: true,
  // Global only (Jest ignores it per project): integration and e2e hooks start and stop real
  // services; unit specs finish in milliseconds anyway.
  testTimeout: 120_000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,deploy,tools}/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,deploy}/**/*.int-spec.ts'],
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/e2e/**/*.e2e-spec.ts'],
    },
  ],
};
