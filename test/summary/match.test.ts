import type { ExtractedPosting } from '../../src/postings/posting';
import { matchSkills } from '../../src/summary/match';
import { summarizeOffline } from '../../src/summary/offlineSummarizer';
import { fixturePosting } from './fixturePostings';

/** A posting written for these tests: five required skills, two preferred. */
const POSTING: ExtractedPosting = {
  source: 'text',
  url: '',
  remote: 'remote',
  title: 'Backend Engineer',
  description: [
    'Requirements',
    '• 5+ years of experience building services in TypeScript and Node.js.',
    '• Kubernetes in production.',
    '• PostgreSQL at scale.',
    '',
    'Nice to have',
    '• Google Cloud Platform.',
    '• Some C#.',
  ].join('\n'),
};

describe('matchSkills', () => {
  const summary = summarizeOffline(POSTING);

  it('reads the posting as five required and two preferred skills', () => {
    expect(summary.skills).toEqual({
      required: ['5+ years experience', 'TypeScript', 'Node.js', 'Kubernetes', 'PostgreSQL'],
      preferred: ['Google Cloud', 'C#'],
    });
  });

  it('when the user spells every skill differently from the posting, then every skill still matches', () => {
    const match = matchSkills(['TS', 'node', 'k8s', 'Postgres', 'GCP', 'C sharp', '7 years'], summary, POSTING);
    expect(match?.score).toBe(100);
    expect(match?.missing).toEqual([]);
    expect(match?.matched.map((m) => m.skill)).toEqual(['5+ years experience', 'TypeScript', 'Node.js', 'Kubernetes', 'PostgreSQL', 'Google Cloud', 'C#']);
  });

  it('when the user has every required skill and no preferred one, then the score is 15 of 17', () => {
    const match = matchSkills(['TypeScript', 'Node.js', 'Kubernetes', 'PostgreSQL', '6 years experience'], summary, POSTING);
    expect(match?.score).toBe(Math.round((100 * 15) / 17));
    expect(match?.basis).toEqual({ required: { matched: 5, total: 5 }, preferred: { matched: 0, total: 2 } });
    expect(match?.missing).toEqual([
      { skill: 'Google Cloud', evidence: 'Google Cloud Platform.', required: false },
      { skill: 'C#', evidence: 'Some C#.', required: false },
    ]);
  });

  it('when the user has only the preferred skills, then required ones weigh more and the score is low', () => {
    expect(matchSkills(['GCP', 'C#'], summary, POSTING)?.score).toBe(Math.round((100 * 2) / 17));
  });

  it('when the user has too few years, then experience is missing with the posting\'s words as evidence', () => {
    const match = matchSkills(['TypeScript', '3 years'], summary, POSTING);
    expect(match?.missing[0]).toEqual({ skill: '5+ years experience', evidence: '5+ years of experience building services in TypeScript and Node.js.', required: true });
  });

  it('when every match is explained, then each evidence is words of the posting', () => {
    const match = matchSkills(['TS', 'k8s'], summary, POSTING);
    for (const item of [...(match?.matched ?? []), ...(match?.missing ?? [])]) expect(POSTING.description).toContain(item.evidence);
  });

  it('when the posting names only preferred skills, then the score comes from them', () => {
    const posting: ExtractedPosting = { ...POSTING, description: 'About the role\nYou will build things.\n\nNice to have\n• Rust\n• Go experience' };
    const match = matchSkills(['Rust'], summarizeOffline(posting), posting);
    expect(match?.score).toBe(50);
    expect(match?.basis.required.total).toBe(0);
  });

  it('when the posting names no skills at all, then there is no score', () => {
    const posting = fixturePosting('44-made-expired-posting.html');
    expect(matchSkills(['TypeScript'], summarizeOffline(posting), posting)).toBeUndefined();
  });

  it('when a summary lists a skill the posting never names, then it is not counted', () => {
    const match = matchSkills(['Rust'], { skills: { required: ['Rust', 'TypeScript'], preferred: [] } }, POSTING);
    expect([...(match?.matched ?? []), ...(match?.missing ?? [])].map((m) => m.skill)).toEqual(['TypeScript']);
  });

  it('when the user holds a higher degree or clearance, then the lower requirement is met', () => {
    const posting = fixturePosting('50-made-pasted-linkedin-enterprise.txt');
    const match = matchSkills(["Master's degree", 'TS/SCI', '10 years', 'AWS', 'Azure'], summarizeOffline(posting), posting);
    expect(match?.matched.map((m) => m.skill)).toEqual(expect.arrayContaining(["Bachelor's degree", 'Secret clearance', '8+ years experience', 'AWS', 'Azure']));
    expect(match?.missing.map((m) => m.skill)).toEqual(expect.arrayContaining(['CISSP', 'Kubernetes']));
    expect(match?.matched.find((m) => m.skill === 'Secret clearance')?.evidence).toBe('Active DoD Secret security clearance, with the ability to obtain Top Secret/SCI.');
  });

  it('when the user knows TypeScript, then a JavaScript requirement is met', () => {
    const posting: ExtractedPosting = { ...POSTING, description: 'Requirements\n• JavaScript in the browser' };
    expect(matchSkills(['TypeScript'], summarizeOffline(posting), posting)?.score).toBe(100);
  });

  it('when the user typed a skill the lexicon does not know and the posting names it, then it matches with evidence', () => {
    const posting = fixturePosting('22-workday-api-jobpostinginfo.json');
    const match = matchSkills(['Contour', 'Python'], summarizeOffline(posting), posting);
    expect(match?.matched).toEqual(expect.arrayContaining([
      { skill: 'Contour', evidence: expect.stringContaining('tools such as Contour'), required: true },
      { skill: 'Python', evidence: 'Expert coding knowledge including SQL and Python (required), and R (preferred).', required: true },
    ]));
    expect(match?.missing.find((m) => m.skill === 'R')).toEqual({ skill: 'R', evidence: 'Expert coding knowledge including SQL and Python (required), and R (preferred).', required: false });
  });
});
