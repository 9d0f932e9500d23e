import { cardSubmit } from '../support/activities';
import { cardOf, cardText, startTestBot, testUser, type TestBot } from '../support/bot';
import { generatedJobPath, startFixtureSite, type FixtureSite, type GeneratedJob } from '../support/fixtureSite';
import type { TestUser } from '../support/activities';

describe('tracking: statuses, notes, journey, collection and compare from cards and text', () => {
  let bot: TestBot;
  let site: FixtureSite;

  beforeAll(async () => {
    site = await startFixtureSite();
    bot = await startTestBot();
  });
  afterAll(async () => {
    await bot?.dispose();
    await site?.close();
  });

  /** Saves a generated job through the real capture path and returns its card. */
  async function save(user: TestUser, slug: string, job: GeneratedJob): Promise<any> {
    const [reply] = await bot.say(user, `${site.url}${generatedJobPath(slug, job)}`);
    return cardOf(reply);
  }
  const postingIdOf = (card: any): string => card.refresh.action.data.postingId;
  const events = (filter: object) => bot.database.db.collection('events').find(filter).toArray();
  const buttons = (card: any): string[] => JSON.stringify(card).match(/"title":"[^"]+","verb":"job\.status"/g)?.map((m) => m.split('"')[3]) ?? [];

  test('when the user clicks Applied on a job card, then the answer is the same card with the new status, and the change is recorded once', async () => {
    const user = testUser();
    const card = await save(user, 'status-1', { title: 'Backend Engineer', company: 'Contoso' });
    expect(buttons(card)).toEqual(['Applied', 'Withdrawn']);

    const updated = await bot.click(user, 'job.status', { postingId: postingIdOf(card), status: 'applied' }, { id: 'click-1' });
    await bot.click(user, 'job.status', { postingId: postingIdOf(card), status: 'applied' }, { id: 'click-1' }); // Teams retried the same invoke

    expect(cardText(updated)).toContain('Status: **Applied** · since today');
    expect(buttons(updated)).toEqual(['Interviewing', 'Rejected', 'Ghosted', 'Withdrawn', 'Saved']);
    expect(updated.refresh.userIds).toEqual([user.id]);
    const job = await bot.database.db.collection('trackedJobs').findOne({ userKey: `${user.tenantId}:${user.aadObjectId}` });
    expect(job).toMatchObject({ status: 'applied' });
    expect(await events({ jobId: job!._id, type: 'status' })).toHaveLength(1);
  });

  test('when two clicks on one job arrive at once, then both moves are recorded, in the journey\'s order each from where the one before left the job', async () => {
    const user = testUser();
    const postingId = postingIdOf(await save(user, 'status-race', { title: 'Platform Engineer', company: 'Contoso' }));

    await Promise.all([
      bot.click(user, 'job.status', { postingId, status: 'applied' }, { id: 'phone' }),
      bot.click(user, 'job.status', { postingId, status: 'withdrawn' }, { id: 'laptop' }),
    ]);

    const job = await bot.database.db.collection('trackedJobs').findOne({ userKey: `${user.tenantId}:${user.aadObjectId}` });
    // In the journey's order (by time), each move starts where the one before it left the job.
    const moves = (await bot.database.db.collection('events').find({ jobId: job!._id, type: 'status' }).sort({ at: 1 }).toArray()).map((e) => e.data as { from: string; to: string });
    expect(moves).toHaveLength(2);
    expect(moves[0].from).toBe('saved');
    expect(moves[1].from).toBe(moves[0].to);
    expect(job!.status).toBe(moves[1].to);
  });

  test('when a click is delivered again after a later click, then it moves nothing and the journey still ends where the job is', async () => {
    const user = testUser();
    const postingId = postingIdOf(await save(user, 'status-late-retry', { title: 'Platform Engineer', company: 'Northwind' }));
    await bot.click(user, 'job.status', { postingId, status: 'applied' }, { id: 'first-click' });
    await bot.click(user, 'job.status', { postingId, status: 'withdrawn' }, { id: 'second-click' });

    const again = await bot.click(user, 'job.status', { postingId, status: 'applied' }, { id: 'first-click' }); // a late retry

    expect(cardText(again)).toContain('Status: **Withdrawn**');
    const job = await bot.database.db.collection('trackedJobs').findOne({ userKey: `${user.tenantId}:${user.aadObjectId}` });
    expect(job!.status).toBe('withdrawn');
    const moves = (await bot.database.db.collection('events').find({ jobId: job!._id, type: 'status' }).sort({ at: 1 }).toArray()).map((e) => e.data);
    expect(moves).toEqual([{ from: 'saved', to: 'applied' }, { from: 'applied', to: 'withdrawn' }]);
  });

  test('when the same click is delivered twice at once, then the job moves once and one change is recorded', async () => {
    const user = testUser();
    const postingId = postingIdOf(await save(user, 'status-twice', { title: 'Platform Engineer', company: 'Fabrikam' }));

    const cards = await Promise.all([1, 2].map(() => bot.click(user, 'job.status', { postingId, status: 'applied' }, { id: 'click-twice' })));

    for (const card of cards) expect(cardText(card)).toContain('Status: **Applied**');
    const job = await bot.database.db.collection('trackedJobs').findOne({ userKey: `${user.tenantId}:${user.aadObjectId}` });
    expect(await events({ jobId: job!._id, type: 'status' })).toHaveLength(1);
  });

  test('when the user adds a note and deletes it, then the card shows the latest notes literally and the timeline keeps the order', async () => {
    const user = testUser();
    const card = await save(user, 'notes-1', { title: 'Data Analyst', company: 'Fabrikam' });
    const postingId = postingIdOf(card);

    await bot.click(user, 'job.status', { postingId, status: 'applied' });
    for (const note of ['first call', 'second call', 'third call']) await bot.click(user, 'job.note', { postingId, note });
    const withNotes = await bot.click(user, 'job.note', { postingId, note: '**bold** [link](https://evil.example) <b>x</b>' });

    const text = cardText(withNotes);
    expect(text).toContain('**bold** [link](https://evil.example) <b>x</b>');
    expect(text).toContain('third call');
    expect(text).toContain('second call');
    expect(text).not.toContain('first call'); // only the latest three on the card
    const noteId = JSON.stringify(withNotes).match(/"verb":"job.deleteNote","postingId":"[a-f0-9]+","noteId":"([^"]+)"/)![1];

    const afterDelete = await bot.click(user, 'job.deleteNote', { postingId, noteId });
    expect(cardText(afterDelete)).toContain('first call');

    const timeline = cardText(await bot.click(user, 'job.timeline', { postingId }));
    const order = ['Saved to your collection', 'Saved → Applied', 'Note: first call', 'Note: second call', 'Note: third call'].map((t) => timeline.indexOf(t));
    expect(order.every((position, i) => position >= 0 && (i === 0 || position > order[i - 1]))).toBe(true);
    expect(timeline).not.toContain('**bold**');
    expect(timeline).toContain('Applied since today');
  });

  test('when the timeline is shown, then times are in the time zone the activity carries', async () => {
    const user = testUser();
    const card = await save(user, 'tz-1', { title: 'Designer', company: 'Tailspin' });

    const timeline = await bot.click(user, 'job.timeline', { postingId: postingIdOf(card) });

    const [captured] = await events({ type: 'captured', userKey: `${user.tenantId}:${user.aadObjectId}` });
    const berlin = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(captured.at);
    expect(cardText(timeline)).toContain(berlin);
  });

  test('when the user lists twelve jobs, then they come newest first, ten per page, with filters by status and by text', async () => {
    const user = testUser();
    for (let i = 1; i <= 12; i++) await save(user, `list-${i}`, { title: `Engineer ${i}`, company: i % 2 ? 'Contoso' : 'Northwind' });
    const [first] = await bot.say(user, 'my jobs');
    const page1 = cardText(cardOf(first));
    expect(page1).toContain('My jobs (12)');
    expect(page1.indexOf('Engineer 12')).toBeLessThan(page1.indexOf('Engineer 3'));
    expect(page1).not.toContain('Engineer 2\n');
    expect(JSON.stringify(cardOf(first))).toContain('"title":"Next"');

    const page2 = cardText(await bot.click(user, 'jobs.list', { page: 1 }));
    expect(page2).toContain('Engineer 2');
    expect(page2).toContain('Engineer 1');
    expect(page2).not.toContain('Engineer 12');

    const northwind = cardText(await bot.click(user, 'jobs.list', { page: 0, text: 'northwind', status: '' }));
    expect(northwind).toContain('My jobs: 6 matching');

    await bot.say(user, 'status 1 applied'); // row 1 of the last list shown (the Northwind filter): Engineer 12
    const [applied] = await bot.say(user, 'my jobs applied');
    const appliedText = cardText(cardOf(applied));
    expect(appliedText).toContain('My jobs: 1 matching');
    expect(appliedText).toContain('Engineer 12');
  });

  test('when the list is shown, then each row says where the job is and how remote, also for jobs saved before the rows kept their own copy', async () => {
    const user = testUser();
    await save(user, 'rows-1', { title: 'Site Engineer', company: 'Contoso', city: 'Porto' });
    await save(user, 'rows-2', { title: 'Remote Engineer', company: 'Northwind', city: 'Lisbon', remote: true });
    // A job saved before the copies existed has neither: its row reads the posting.
    await bot.database.db.collection('trackedJobs').updateOne({ userKey: `${user.tenantId}:${user.aadObjectId}`, title: 'Remote Engineer' }, { $unset: { locationText: '', remote: '' } });

    const [reply] = await bot.say(user, 'my jobs');

    const text = cardText(cardOf(reply));
    expect(text).toMatch(/Site Engineer[\s\S]*Contoso · Porto/);
    expect(text).toMatch(/Remote Engineer[\s\S]*Northwind · Lisbon · Remote/);
    const stored = await bot.database.db.collection('trackedJobs').findOne({ userKey: `${user.tenantId}:${user.aadObjectId}`, title: 'Site Engineer' });
    expect(stored).toMatchObject({ locationText: 'Porto', remote: 'unknown' });
  });

  test('when the user removes a job after confirming, then its tracking and events are gone and the posting stays for others', async () => {
    const user = testUser();
    const card = await save(user, 'remove-1', { title: 'Support Lead', company: 'Litware' });
    const userKey = `${user.tenantId}:${user.aadObjectId}`;

    const answer = await bot.click(user, 'job.remove', { postingId: postingIdOf(card) });

    expect(cardText(answer)).toContain('no longer in your collection');
    expect(await bot.database.db.collection('trackedJobs').countDocuments({ userKey })).toBe(0);
    expect(await bot.database.db.collection('events').countDocuments({ userKey })).toBe(0);
    expect(await bot.database.db.collection('postings').countDocuments({ _id: postingIdOf(card) as any })).toBe(1);
  });

  test('when the user compares three jobs, then pay is shown per year, the best values are marked, and mixed currencies are not ranked', async () => {
    const user = testUser();
    await save(user, 'cmp-a', { title: 'Hourly Dev', company: 'A', salaryMin: 50, salaryMax: 60, currency: 'USD', unit: 'HOUR', remote: true });
    await save(user, 'cmp-b', { title: 'Yearly Dev', company: 'B', salaryMin: 100000, salaryMax: 110000, currency: 'USD', unit: 'YEAR', validThrough: '2027-03-01' });
    await save(user, 'cmp-c', { title: 'Monthly Dev', company: 'C', salaryMin: 9000, currency: 'USD', unit: 'MONTH', validThrough: '2027-01-01' });
    await bot.say(user, 'my jobs');

    const [reply] = await bot.say(user, 'compare 1 2 3');

    const text = cardText(cardOf(reply));
    expect(text).toContain('★ USD 104,000 – 124,800 a year'); // 50–60 an hour × 2,080 hours
    expect(text).toContain('USD 100,000 – 110,000 a year');
    expect(text).toContain('USD 108,000 a year'); // 9,000 a month × 12
    expect(text).toContain('★ 1 Mar 2027');

    await save(user, 'cmp-d', { title: 'Euro Dev', company: 'D', salaryMin: 90000, currency: 'EUR', unit: 'YEAR' });
    await bot.say(user, 'my jobs');
    const [mixed] = await bot.say(user, 'compare 1 2');
    expect(cardText(cardOf(mixed))).toContain('different currencies');
    expect(cardText(cardOf(mixed))).not.toMatch(/★ (USD|EUR)/);
  });

  test('when the user ticks jobs in the list and presses Compare, then those jobs are compared', async () => {
    const user = testUser();
    await save(user, 'tick-a', { title: 'Tick A', company: 'X' });
    await save(user, 'tick-b', { title: 'Tick B', company: 'Y' });
    const [list] = await bot.say(user, 'my jobs');
    const jobIds = JSON.stringify(cardOf(list)).match(/"valueOn":"(j[a-f0-9]+)"/g)!.map((m) => m.split('"')[3]);

    const compared = await bot.click(user, 'jobs.compare', { pick0: jobIds[0], pick1: jobIds[1] });

    expect(cardText(compared)).toContain('Tick A');
    expect(cardText(compared)).toContain('Tick B');
  });

  test('when two people use the same card in a group, then each click changes only the clicker\'s own tracking', async () => {
    const [ann, bob] = [testUser('Ann'), testUser('Bob')];
    const card = await save(ann, 'group-1', { title: 'Shared Role', company: 'Woodgrove' });
    const postingId = postingIdOf(card);

    const bobsCard = await bot.click(bob, 'job.status', { postingId, status: 'applied' }, { group: true });
    const annsCard = await bot.click(ann, 'job.refresh', { postingId }, { group: true });

    expect(cardText(bobsCard)).toContain('Status: **Applied**');
    expect(cardText(annsCard)).toContain('Status: **Saved**');
    const carol = testUser('Carol');
    expect(cardText(await bot.click(carol, 'job.refresh', { postingId }, { group: true }))).toContain('Not in your collection yet');
  });

  test('when the user types commands with a word of the company, then they act on that job, and an ambiguous word asks which', async () => {
    const user = testUser();
    await save(user, 'word-1', { title: 'Platform Engineer', company: 'Adatum' });
    await save(user, 'word-2', { title: 'Platform Manager', company: 'Proseware' });

    const [noted] = await bot.say(user, 'note adatum recruiter called back');
    expect(cardText(cardOf(noted))).toContain('recruiter called back');
    const [shown] = await bot.say(user, 'show proseware');
    expect(cardText(cardOf(shown))).toContain('Platform Manager');
    const [timeline] = await bot.say(user, 'timeline adatum');
    expect(cardText(cardOf(timeline))).toContain('Note: recruiter called back');
    const [ambiguous] = await bot.say(user, 'status platform interviewing');
    expect(cardText(cardOf(ambiguous))).toContain('Several of your jobs match "platform"');
    expect(JSON.stringify(cardOf(ambiguous))).toContain('Platform Engineer · Adatum');
    const [unknownJob] = await bot.say(user, 'show nosuchcompany');
    expect(cardText(cardOf(unknownJob))).toContain('could not find that job');
    const [badStatus] = await bot.say(user, 'status adatum hired');
    expect(cardText(cardOf(badStatus))).toContain('not a status I know');
  });

  test('when a client without Universal Actions sends a button as Action.Submit, then the bot answers with the updated card as a message', async () => {
    const user = testUser();
    const card = await save(user, 'submit-1', { title: 'Submit Role', company: 'Coho' });
    const before = bot.connector.sent().length;

    const { status } = await bot.post(cardSubmit(bot.connector.url, user, { verb: 'job.status', postingId: postingIdOf(card), status: 'interviewing' }));

    expect(status).toBe(200);
    const [reply] = bot.connector.sent().slice(before);
    expect(cardText(cardOf(reply))).toContain('Status: **Interviewing**');
  });

  describe('forged or broken card payloads are refused and change nothing', () => {
    let owner: TestUser;
    let intruder: TestUser;
    let postingId: string;
    let noteId: string;

    beforeAll(async () => {
      owner = testUser('Owner');
      intruder = testUser('Intruder');
      postingId = postingIdOf(await save(owner, 'forged-1', { title: 'Owned Job', company: 'Private Co' }));
      const withNote = await bot.click(owner, 'job.note', { postingId, note: 'my private note' });
      noteId = JSON.stringify(withNote).match(/"noteId":"([^"]+)"/)![1];
    });

    const snapshot = async () => ({
      jobs: await bot.database.db.collection('trackedJobs').find({}, { projection: { _id: 1, status: 1, userKey: 1 } }).sort({ _id: 1 }).toArray(),
      events: await bot.database.db.collection('events').countDocuments(),
    });

    const forged: Array<[string, string, Record<string, unknown>, RegExp]> = [
      ["another user's note", 'job.deleteNote', { noteId: '__NOTE__', postingId: '__POSTING__' }, /could not find that job/i],
      ['an unknown verb', 'job.hack', { postingId: '__POSTING__' }, /did not understand/i],
      ['a missing posting id', 'job.status', { status: 'applied' }, /did not understand/i],
      ['a posting id of the wrong type', 'job.timeline', { postingId: { $ne: null } }, /did not understand/i],
      ['an unknown status', 'job.status', { postingId: '__POSTING__', status: 'hired' }, /did not understand/i],
      ['a 10 KB string', 'job.status', { postingId: 'a'.repeat(10_000), status: 'applied' }, /did not understand/i],
      ['a 10 KB note on a job that is not theirs', 'job.note', { postingId: '__POSTING__', note: 'x'.repeat(10_000) }, /too long|could not find/i],
      ['a list page of the wrong type', 'jobs.list', { page: 'drop table' }, /did not understand/i],
    ];

    test.each(forged)('when the payload carries %s, then the answer says so and nothing changes', async (_name, verb, raw, says) => {
      const data = JSON.parse(JSON.stringify(raw).replace('__NOTE__', noteId).replace('__POSTING__', postingId));
      const before = await snapshot();

      const answer = await bot.click(intruder, verb, data);

      expect(cardText(answer)).toMatch(says);
      expect(cardText(answer)).not.toContain('my private note');
      expect(await snapshot()).toEqual(before);
    });

    test('when a note is empty or too long, then the job card comes back with the reason on top and no note is stored', async () => {
      const before = await snapshot();

      const empty = await bot.click(owner, 'job.note', { postingId, note: '   ' });
      const long = await bot.click(owner, 'job.note', { postingId, note: 'y'.repeat(2001) });

      expect(cardText(empty)).toContain('That note is empty');
      expect(cardText(empty)).toContain('Owned Job');
      expect(cardText(long)).toContain('That note is too long');
      expect(await snapshot()).toEqual(before);
    });
  });
});
