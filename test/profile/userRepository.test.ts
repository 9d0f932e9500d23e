import { MongoClient, type CommandStartedEvent } from 'mongodb';
import { MongoUserRepository } from '../../src/profile/mongoUserRepository';
import type { ConversationReferenceData } from '../../src/profile/user';
import { createTestDatabase, type TestDatabase } from '../support/database';

const reference: ConversationReferenceData = {
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
  channelId: 'msteams',
  conversation: { id: 'a:1personal', conversationType: 'personal', tenantId: 'tenant', isGroup: undefined },
  bot: { id: '28:bot', name: 'Job Tracker' },
  user: { id: '29:ana', name: undefined, aadObjectId: 'aad-ana' },
  locale: 'en-GB',
};

describe('remembering who the bot talks to (the users collection), against the real database', () => {
  let database: TestDatabase;
  let watched: MongoClient;
  let users: MongoUserRepository;
  const commands: string[] = [];
  const record = (event: CommandStartedEvent) => commands.push(event.commandName);
  const writes = () => commands.filter((name) => ['update', 'findAndModify', 'insert'].includes(name));

  beforeAll(async () => {
    database = await createTestDatabase();
    // A client of its own that reports each command, to see which turns write.
    watched = await MongoClient.connect(database.uri, { monitorCommands: true });
    watched.on('commandStarted', record);
    users = new MongoUserRepository(watched.db(database.name));
  });
  afterAll(async () => {
    await watched?.close();
    await database?.dispose();
  });
  beforeEach(() => {
    commands.length = 0;
  });

  const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 9, minute));

  test('when a user is seen for the first time, then they are stored with their conversation and zone', async () => {
    expect(await users.remember('tenant:ana', { conversation: reference, timeZone: 'Europe/Berlin' }, at(0))).toEqual({ wasUnreachable: false });

    expect(writes()).toEqual(['findAndModify']);
    expect(await users.find('tenant:ana')).toMatchObject({ conversation: { conversation: { id: 'a:1personal' } }, timeZone: 'Europe/Berlin', reachable: true });
  });

  test('when the next turn tells nothing new, then nothing is written', async () => {
    await users.remember('tenant:ana', { conversation: { ...reference }, timeZone: 'Europe/Berlin' }, at(5));
    await users.remember('tenant:ana', { timeZone: 'Europe/Berlin' }, at(6));

    expect(writes()).toEqual([]);
    expect((await users.find('tenant:ana'))?.updatedAt).toEqual(at(0));
  });

  test('when the user turns again within a minute telling the same, then the database is not asked at all; after a minute it is read', async () => {
    await users.remember('tenant:ana', { conversation: reference, timeZone: 'Europe/Berlin' }, at(7));
    commands.length = 0;

    await users.remember('tenant:ana', { conversation: { ...reference }, timeZone: 'Europe/Berlin' }, new Date(at(7).getTime() + 59_000));
    expect(commands).toEqual([]);

    await users.remember('tenant:ana', { conversation: reference, timeZone: 'Europe/Berlin' }, at(8));
    expect(commands).toEqual(['find']);
  });

  test('when the zone, the conversation or an hour has passed, then the user is written again', async () => {
    await users.remember('tenant:ana', { conversation: reference, timeZone: 'Europe/Lisbon' }, at(10));
    await users.remember('tenant:ana', { conversation: { ...reference, serviceUrl: 'https://smba.trafficmanager.net/amer/' }, timeZone: 'Europe/Lisbon' }, at(11));
    await users.remember('tenant:ana', { conversation: { ...reference, serviceUrl: 'https://smba.trafficmanager.net/amer/' }, timeZone: 'Europe/Lisbon' }, at(72));

    expect(writes()).toEqual(['findAndModify', 'findAndModify', 'findAndModify']);
    expect(await users.find('tenant:ana')).toMatchObject({ conversation: { serviceUrl: 'https://smba.trafficmanager.net/amer/' }, timeZone: 'Europe/Lisbon', updatedAt: at(72) });
  });

  test('when the same list is shown again, then it is not written again; another list, or the first again after it, is', async () => {
    await users.remember('tenant:ana', { timeZone: 'Europe/Lisbon' }, at(80));

    expect(await users.setLastList('tenant:ana', ['job-1', 'job-2'])).toBe(true);
    expect(await users.setLastList('tenant:ana', ['job-1', 'job-2'])).toBe(false);
    expect(await users.setLastList('tenant:ana', ['job-2', 'job-1'])).toBe(true);
    expect(await users.setLastList('tenant:ana', ['job-2'])).toBe(true);
    expect(await users.setLastList('tenant:ana', ['job-2', 'job-1'])).toBe(true);
    expect(await users.setLastList('tenant:ana', [])).toBe(true);
    expect(await users.setLastList('tenant:ana', [])).toBe(false);
    expect(await users.setLastList('tenant:ana', ['job-3'])).toBe(true);
    expect((await users.find('tenant:ana'))?.lastList).toEqual(['job-3']);
  });

  test('when a user who had removed the bot comes back, then they are reachable again and the caller is told', async () => {
    await users.setReachable('tenant:ana', false);

    expect(await users.remember('tenant:ana', { timeZone: 'Europe/Lisbon' }, at(73))).toEqual({ wasUnreachable: true });
    expect(await users.remember('tenant:ana', { timeZone: 'Europe/Lisbon' }, at(74))).toEqual({ wasUnreachable: false });
    expect((await users.find('tenant:ana'))?.reachable).toBe(true);
  });
});
