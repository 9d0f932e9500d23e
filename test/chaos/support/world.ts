import { createTestDatabase, type TestDatabase } from '../../support/database';
import { startFixtureSite, type FixtureSite } from '../../support/fixtureSite';
import { killAllBotProcesses } from './botProcess';
import { startChaosConnector, type ChaosConnector } from './chaosConnector';

/** What a chaos scenario runs against: a database of its own, the fixture job site, and the chaos connector. */
export interface ChaosWorld {
  database: TestDatabase;
  site: FixtureSite;
  connector: ChaosConnector;
}

/** Starts the world before the enclosing describe block's tests, and takes it down after them (bot processes first). */
export function useChaosWorld(): ChaosWorld {
  const world = {} as ChaosWorld;
  beforeAll(async () => {
    world.database = await createTestDatabase();
    world.site = await startFixtureSite();
    world.connector = await startChaosConnector();
  });
  afterAll(async () => {
    await killAllBotProcesses();
    await world.connector?.close();
    await world.site?.close();
    await world.database?.dispose();
  });
  return world;
}
