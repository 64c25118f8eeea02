'use strict';
// jest globalSetup: starts the real servers the integration suites need (PostgreSQL now, the
// Kafka mock cluster later) and publishes their addresses through environment variables.
require('../../tools/register');
module.exports = async () => {
  const { startTestServers } = require('./src/global-servers.ts');
  await startTestServers();
};
