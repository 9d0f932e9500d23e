/**
 * The chaos suite (`npm run test:chaos`): real bot processes killed, throttled and cut off from their
 * database. Slow (minutes), so the default `npm test` leaves it out; this config takes the default one
 * and points it at test/chaos only, one file at a time (the scenarios measure rates and must not share the CPU).
 */
const base = require('../../jest.config');

module.exports = {
  ...base,
  rootDir: '../..',
  roots: ['<rootDir>/test/chaos'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 600_000,
  maxWorkers: 1,
};
