import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { summarizeOffline } from '../../src/summary/offlineSummarizer';
import { jobSummarySchema, type ConditionKind, type JobSummary } from '../../src/summary/summary';
import { fixturePosting } from './fixturePostings';

/** What a summary of a fixture must say, read off the posting by hand (test/fixtures/summary/expected). */
interface ExpectedSummary {
  behaviour: string;
  gistIncludes: string[];
  responsibilitiesIncludes: string[];
  requiredIncludes: string[];
  requiredExcludes: string[];
  requiredMax?: number;
  preferredIncludes: string[];
  preferredExcludes?: string[];
  conditions: { kind: ConditionKind; includes: string; value?: string }[];
  conditionKindsAbsent?: ConditionKind[];
  skillsRequired: string[];
  skillsPreferred: string[];
  skillsNotRequired: string[];
}

const EXPECTED = path.join(__dirname, '../fixtures/summary/expected');
const CASES = readdirSync(EXPECTED)
  .filter((file) => file.endsWith('.json'))
  .map((file) => ({ fixture: file.replace(/\.json$/, ''), expected: JSON.parse(readFileSync(path.join(EXPECTED, file), 'utf8')) as ExpectedSummary }));

function expectLineWith(lines: string[], words: string, part: string): void {
  if (!lines.some((line) => line.includes(words))) throw new Error(`${part} has no line with "${words}":\n  ${lines.join('\n  ')}`);
}

function expectNoLineWith(lines: string[], words: string, part: string): void {
  const line = lines.find((l) => l.includes(words));
  if (line) throw new Error(`${part} should not have "${words}", but has: ${line}`);
}

describe('offline summarizer on real postings', () => {
  it('covers at least ten fixtures, HTML, ATS and pasted', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(10);
    expect(CASES.some((c) => c.fixture.endsWith('.html'))).toBe(true);
    expect(CASES.some((c) => /\.(json|xml)$/.test(c.fixture))).toBe(true);
    expect(CASES.some((c) => c.fixture.startsWith('50-'))).toBe(true);
  });

  describe.each(CASES)('$fixture', ({ fixture, expected }) => {
    let summary: JobSummary;
    beforeAll(() => {
      summary = summarizeOffline(fixturePosting(fixture));
    });

    it(`${expected.behaviour}: the summary fits the schema and is offline`, () => {
      expect(jobSummarySchema.parse(summary)).toEqual(summary);
      expect(summary.source).toBe('offline');
      expect(summary.model).toBeUndefined();
    });

    it('then the gist names the role', () => {
      for (const words of expected.gistIncludes) expect(summary.gist).toContain(words);
    });

    it('then the responsibilities are the posting\'s duties', () => {
      for (const words of expected.responsibilitiesIncludes) expectLineWith(summary.responsibilities, words, 'responsibilities');
    });

    it('then the required qualifications are the posting\'s real required items', () => {
      for (const words of expected.requiredIncludes) expectLineWith(summary.required, words, 'required');
      for (const words of expected.requiredExcludes) expectNoLineWith(summary.required, words, 'required');
      if (expected.requiredMax !== undefined) expect(summary.required.length).toBeLessThanOrEqual(expected.requiredMax);
    });

    it('then the preferred qualifications are the nice-to-haves', () => {
      for (const words of expected.preferredIncludes) expectLineWith(summary.preferred, words, 'preferred');
      for (const words of expected.preferredExcludes ?? []) expectNoLineWith(summary.preferred, words, 'preferred');
    });

    it('then the deciding conditions are listed', () => {
      for (const condition of expected.conditions) {
        const texts = summary.conditions.filter((c) => c.kind === condition.kind);
        expectLineWith(texts.map((c) => c.text), condition.includes, `conditions (${condition.kind})`);
        if (condition.value) expect(texts.map((c) => c.value)).toContain(condition.value);
      }
      for (const kind of expected.conditionKindsAbsent ?? []) expect(summary.conditions.map((c) => c.kind)).not.toContain(kind);
    });

    it('then the skills are the canonical ones the posting names', () => {
      expect(summary.skills.required).toEqual(expect.arrayContaining(expected.skillsRequired));
      expect(summary.skills.preferred).toEqual(expect.arrayContaining(expected.skillsPreferred));
      for (const skill of expected.skillsNotRequired) expect(summary.skills.required).not.toContain(skill);
    });
  });

  it('when the same posting is summarised twice, then the summaries are identical', () => {
    const posting = fixturePosting('50-made-pasted-linkedin-enterprise.txt');
    expect(summarizeOffline(posting)).toEqual(summarizeOffline(posting));
  });

  it('when a posting has neither description nor sections, then the summary is the gist alone', () => {
    const summary = summarizeOffline(fixturePosting('14-greenhouse-api-stripe-nocontent.json'));
    expect(summary.gist).toContain('Account Executive, Bridge');
    expect([summary.responsibilities, summary.required, summary.preferred, summary.skills.required]).toEqual([[], [], [], []]);
  });

  it('when a German posting uses "Ihre Aufgaben", "Ihr Profil", "Wünschenswert" and "Wir bieten", then each goes to its place', () => {
    // Written for this test: the German headings our users paste, with a Berufserfahrung requirement.
    const description = [
      'Ihre Aufgaben',
      '• Sie entwickeln Backend-Services mit Java und Spring Boot.',
      '• Sie betreuen unsere Kubernetes-Cluster.',
      '',
      'Ihr Profil',
      '• Mindestens 5 Jahre Berufserfahrung in der Softwareentwicklung',
      '• Sehr gute Deutschkenntnisse und gute Englischkenntnisse',
      '',
      'Wünschenswert',
      '• Erfahrung mit Apache Kafka',
      '',
      'Wir bieten',
      '• 30 Tage Urlaub',
    ].join('\n');
    const summary = summarizeOffline({ source: 'text', url: '', remote: 'hybrid', title: 'Senior Java Entwickler (m/w/d)', company: 'Contoso GmbH', description });

    expect(summary.gist).toBe('Senior Java Entwickler at Contoso GmbH · Senior, 5+ years');
    expect(summary.responsibilities).toEqual(['Sie entwickeln Backend-Services mit Java und Spring Boot.', 'Sie betreuen unsere Kubernetes-Cluster.']);
    expect(summary.required).toEqual(['Mindestens 5 Jahre Berufserfahrung in der Softwareentwicklung', 'Sehr gute Deutschkenntnisse und gute Englischkenntnisse']);
    expect(summary.preferred).toEqual(['Erfahrung mit Apache Kafka']);
    expect(summary.skills.required).toEqual(expect.arrayContaining(['Java', '5+ years experience']));
    expect(summary.skills.preferred).toEqual(expect.arrayContaining(['Apache Kafka']));
    expect(JSON.stringify(summary)).not.toContain('30 Tage Urlaub');
  });

  it('when a line is longer than a card line, then it is cut at a word with an ellipsis', () => {
    const long = `Experience with ${'distributed systems and '.repeat(30)}Kubernetes.`;
    const summary = summarizeOffline({ source: 'text', url: '', remote: 'unknown', title: 'Engineer', description: `Requirements\n• ${long}\n• 3+ years of Go experience` });
    const line = summary.required.find((l) => l.startsWith('Experience with'));
    expect(line).toBeDefined();
    expect((line as string).length).toBeLessThanOrEqual(300);
    expect(line).toMatch(/ \S+…$/);
  });
});
