'use strict';
require('../../tools/register');
module.exports = async () => {
  const { stopTestServers } = require('./src/global-servers.ts');
  await stopTestServers();
};
