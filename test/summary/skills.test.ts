import { AppError } from '../../src/errors';
import { findSkills, MAX_PROFILE_SKILLS, normalizeSkill, parseSkillList } from '../../src/summary/skills';

const names = (text: string): string[] => findSkills(text).map((found) => found.skill);

function appErrorOf(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('skill lexicon', () => {
  it.each([
    ['TS', 'TypeScript'], ['typescript', 'TypeScript'], ['k8s', 'Kubernetes'], ['K8s', 'Kubernetes'], ['C#', 'C#'], ['csharp', 'C#'],
    ['C sharp', 'C#'], ['Postgres', 'PostgreSQL'], ['postgresql', 'PostgreSQL'], ['JS', 'JavaScript'], ['javascript', 'JavaScript'],
    ['GCP', 'Google Cloud'], ['Google Cloud Platform', 'Google Cloud'], ['AWS', 'AWS'], ['Amazon Web Services', 'AWS'], ['node', 'Node.js'],
    ['Node.js', 'Node.js'], ['nodejs', 'Node.js'], ['golang', 'Go'], ['C++', 'C++'], ['cpp', 'C++'], ['.NET', '.NET'], ['dotnet', '.NET'],
    ['5 yrs', '5+ years experience'], ['8+ years of experience', '8+ years experience'], ['Bachelors', "Bachelor's degree"], ['TS/SCI', 'TS/SCI clearance'],
  ])('when a user types "%s", then it is the canonical %s', (typed, canonical) => {
    expect(normalizeSkill(typed)).toBe(canonical);
  });

  it('when a skill is unknown, then normalizeSkill says so', () => {
    expect(normalizeSkill('Underwater basket weaving')).toBeUndefined();
  });

  it('when a posting and a user spell skills differently, then they name the same canonical skills', () => {
    const posting = names('Requirements: TypeScript, Kubernetes, PostgreSQL, JavaScript, Google Cloud Platform, C#, Node.js and AWS.');
    const typed = ['TS', 'k8s', 'Postgres', 'JS', 'GCP', 'C sharp', 'node', 'Amazon Web Services'].map(normalizeSkill);
    expect(new Set(typed)).toEqual(new Set(posting));
  });

  it('when "go" and "Go" are ordinary words, then they are not the Go language', () => {
    expect(names('We are looking for good people who go the extra mile. Go-To-Market experience helps.')).not.toContain('Go');
    expect(names('Scripting in Python or Go.')).toEqual(['Python', 'Go']);
  });

  it('when R stands alone among languages, then it is R; inside R&D or a word, it is not', () => {
    expect(names('Expert coding knowledge including SQL and Python (required), and R (preferred).')).toContain('R');
    expect(names('The Subscriptions R&D team oversees the user journey.')).not.toContain('R');
    expect(names('Rated R for Romance; Plan B.')).not.toContain('R');
  });

  it('when C, C++ and C# are named, then each is its own skill, and C•CURE or Objective-C are not C', () => {
    expect(names('5+ years of C++ in production.')).not.toContain('C');
    expect(names('Experience with C, C++ and C# on .NET.')).toEqual(expect.arrayContaining(['C', 'C++', 'C#', '.NET']));
    expect(names('Access control platforms (e.g., Genetec, Lenel, Milestone, C•CURE, or comparable)')).not.toContain('C');
    expect(names('iOS apps in Swift and Objective-C')).toEqual(['iOS', 'Swift', 'Objective-C']);
  });

  it('when TS appears in TS/SCI, then it is a clearance, not TypeScript', () => {
    expect(names('Active TS/SCI with polygraph')).toEqual(['TS/SCI clearance']);
  });

  it('when ordinary words spell a tool, then only a skills context makes them one', () => {
    expect(names('Get some rest and Excel in your work this spring.')).toEqual([]);
    expect(names('Maîtrise des logiciels Word et Excel')).toEqual(['Word', 'Excel']);
    expect(names('Experience with React, Spring and Express')).toEqual(['React', 'Spring', 'Express']);
  });

  it('when a language is named outside language talk, then it is not a spoken-language skill', () => {
    expect(names('Our French office is near the station.')).toEqual([]);
    expect(names('Clear written English; French is a plus')).toEqual(['English', 'French']);
  });

  it('when a skill is found, then its evidence is the posting\'s own words around it', () => {
    const text = 'About us\nWe build things.\n• 4+ years securing AWS or Azure environments at enterprise scale.';
    const aws = findSkills(text).find((found) => found.skill === 'AWS');
    expect(aws?.evidence).toBe('4+ years securing AWS or Azure environments at enterprise scale.');
    expect(text).toContain(aws?.evidence);
  });
});

describe('parseSkillList', () => {
  it('when a user types a list, then known skills become canonical and unknown ones stay as typed, once each', () => {
    const parsed = parseSkillList(' TS, k8s ; Postgres\nTypeScript, typescript, My Weird Tool , my weird tool, node ');
    expect(parsed).toEqual({ skills: ['TypeScript', 'Kubernetes', 'PostgreSQL', 'My Weird Tool', 'Node.js'], unknown: ['My Weird Tool'], from: 'list' });
  });

  it('when a user pastes a bulleted list, then bullets and numbering are not part of the names', () => {
    expect(parseSkillList('- Python\n* Go\n1. Rust\n• C#').skills).toEqual(['Python', 'Go', 'Rust', 'C#']);
  });

  it('when a user pastes a résumé, then only canonical skills come out and none of its text', () => {
    const resume = [
      'Jane Example, 12 Secret Street, Springfield. Phone 555-0100.',
      'Senior engineer with 9 years of experience building TypeScript services on AWS with PostgreSQL and Kubernetes.',
      'Before that I wrote Java for a bank in Frankfurt and led a team of five through a migration to Google Cloud.',
    ].join('\n');
    const parsed = parseSkillList(resume);
    expect(parsed.from).toBe('resume');
    expect(parsed.skills).toEqual(['TypeScript', 'AWS', 'PostgreSQL', 'Kubernetes', 'Java', 'Google Cloud', '9+ years experience']);
    expect(parsed.unknown).toEqual([]);
    expect(JSON.stringify(parsed)).not.toMatch(/Jane|Street|555|Frankfurt/);
  });

  it('when markup surrounds skills, then it is stripped', () => {
    expect(parseSkillList('<ul><li><b>Rust</b></li><li>Go &amp; <i>Kotlin</i></li></ul><script>alert("x")</script>').skills).toEqual(['Rust', 'Go', 'Kotlin']);
  });

  it('when the input is only markup, then the user is told the list is empty', () => {
    const error = appErrorOf(() => parseSkillList('<script>alert(1)</script><b></b>&nbsp;'));
    expect(error.code).toBe('PROFILE_EMPTY');
  });

  it('when the input is empty, then the user is told the list is empty', () => {
    expect(appErrorOf(() => parseSkillList('   \n , ; ')).code).toBe('PROFILE_EMPTY');
  });

  it('when a user sends 10,000 skills, then the answer says there are too many and nothing is kept', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => `skill${i}`).join(', ');
    const error = appErrorOf(() => parseSkillList(many));
    expect(error.code).toBe('PROFILE_TOO_MANY_SKILLS');
    expect(error.userMessage).toContain('100');
    expect(error.details).toEqual({ count: 10_000, max: MAX_PROFILE_SKILLS });
  });

  it('when exactly 100 skills are typed, then all are kept', () => {
    expect(parseSkillList(Array.from({ length: 100 }, (_, i) => `tool${i}`).join(',')).skills).toHaveLength(100);
  });

  it('when the input is far longer than any résumé, then it is refused before it is read', () => {
    expect(appErrorOf(() => parseSkillList('x'.repeat(200_001))).code).toBe('PROFILE_TOO_LONG');
  });

  it('when a résumé names no skill the lexicon knows, then the user is asked to type them', () => {
    const error = appErrorOf(() => parseSkillList('I am a very friendly person who enjoys long walks on the beach and reading novels in the evening after dinner.'));
    expect(error.code).toBe('PROFILE_NO_SKILLS_FOUND');
  });
});
