import type { ExtractedPosting, Salary } from '../postings/posting';
import type { PostingOutline } from './postingOutline';
import { skillMentions } from './skills';
import { clipLine, SUMMARY_LIMITS, type Condition, type ConditionKind } from './summary';

interface ConditionRule {
  kind: ConditionKind;
  /** The sentence talks about this condition. */
  pattern: RegExp;
  /** And states it as a rule rather than in passing ("remote startup environment" is not a remote rule). */
  rule?: RegExp;
  /** How many sentences of this kind a summary keeps. */
  keep: number;
  value?: (sentence: string) => string | null;
}

const percent = (sentence: string): string | null => {
  const less = /less than\s*(\d{1,3})\s*%/i.exec(sentence);
  if (less) return `<${less[1]}%`;
  const match = /(\d{1,3})\s*%/.exec(sentence);
  return match ? `${match[1]}%` : null;
};

const yesNo = (sentence: string): string | null => {
  const stated = /:\s*(yes|no)\b/i.exec(sentence);
  return stated ? stated[1].toLowerCase() : null;
};

/** In priority order: a card shows the first ones when there are many. */
const RULES: ConditionRule[] = [
  {
    kind: 'remote',
    pattern: /\b(?:on[- ]?site|onsite|in[- ]office|in(?:to)? the office|in[- ]person|hybrid|remote|telecommut\w*|work from home|home office|homeoffice|télétravail|one of our offices)\b/i,
    rule: /\b(?:must|required?|expect(?:ed)?|policy|days?|jours?|tage?n?|%|only|within|based|come into|position|role|this is a|options?|candidates|fully|performed|located)\b/i,
    keep: 2,
    value: (s) => {
      const days = /(\d)\s*(?:-\s*\d\s*)?days?\s*(?:a|per|each)\s*week/i.exec(s);
      if (days) return `${days[1]} days a week in office`;
      const share = /(\d{1,3})\s*%\s*of the time/i.exec(s);
      if (share) return `${share[1]}% in office`;
      const word = /\b(on[- ]?site|onsite|hybrid|remote|in[- ]person)\b/i.exec(s);
      return word ? word[1].toLowerCase().replace(/^on[- ]?site$/, 'on-site').replace('in person', 'in-person') : null;
    },
  },
  {
    kind: 'location',
    // Case-sensitive: "London-based" is a place, "Risk-Based Renewal" is not.
    pattern: /\b(?:[Mm]ust (?:be )?(?:based|located|live|reside)|\b(?:is|are|be) [A-Z][a-z]+-based\b|(?:be|work|live|located) within|within the \w+ region|[Ww]ork location|excluding [A-Z]\w+|[Ll]ocation flexibility|[Mm]obility (?:in|en)|[Mm]obilité|[Rr]elocat\w+ to)/,
    // One beside the posting's own location field.
    keep: 2,
  },
  {
    kind: 'clearance',
    pattern: /\b(?:security clearance|clearance|TS\/SCI|top secret|public trust|SC cleared|DV cleared|BPSS|baseline security|security vetting|polygraph|classified information)\b/i,
    keep: 2,
    value: (s) => skillMentions(s).find((m) => m.kind === 'clearance')?.skill ?? null,
  },
  {
    kind: 'citizenship',
    pattern: /\b(?:citizenship|citizens?\b(?! of the world)|UK eyes only|nationals? only|sole (?:UK )?nationals?|nationality|nationalité|staatsangehörigkeit)/i,
    keep: 1,
    value: (s) => yesNo(s) ?? (/\bUK eyes only\b/i.test(s) ? 'UK Eyes Only' : /\bU\.?S\.? citizen/i.test(s) ? 'US citizens' : null),
  },
  {
    kind: 'visa',
    pattern: /\b(?:visa sponsorship|sponsorship\b|sponsor(?:ing)? (?:a |your |work |employment )?visas?\b|work (?:visas?|permits?)\b|right to work\b|authori[sz](?:ation|ed) to work\b|eligib(?:le|ility) to work\b|work authori[sz]ation\b|immigration\b)/i,
    keep: 1,
    value: (s) => {
      const yes = /\b(?:we (?:do |will |can )?sponsor|sponsorship (?:is )?(?:available|offered|provided)|will sponsor|can sponsor|visa support)/i.exec(s);
      const no = /\b(?:(?:not|unable to|cannot|can't|won't|will not|do not|does not|don't|aren't able to|no)\b[^.]{0,30}\bsponsor|without (?:the need for )?(?:visa )?sponsorship|sponsorship (?:is )?not (?:available|offered|provided))/i.exec(s);
      if (yes && (!no || yes.index <= no.index)) return 'yes';
      return no ? 'no' : null;
    },
  },
  {
    kind: 'background_check',
    pattern: /\b(?:background (?:check|investigation|screening)s?|criminal (?:record|background) checks?|security investigation|DBS check|credit check|casier judiciaire|führungszeugnis)\b/i,
    keep: 1,
    value: () => 'required',
  },
  { kind: 'drug_test', pattern: /\bdrug (?:tests?|testing|screens?|screening)\b/i, keep: 1, value: () => 'required' },
  {
    kind: 'travel',
    pattern: /\b(?:travel(?:l?ing)? (?:required|up to|of up to|\d)|\d{1,3}\s*%\s*(?:of )?(?:the time )?travel|travel(?: required)?\s*:|willing(?:ness)? to travel|(?:regular|frequent|occasional|international|domestic) travel|travel (?:across|to|within|throughout)|requires? travel|déplacements?|reisebereitschaft|reisetätigkeit)/i,
    keep: 1,
    value: (s) => percent(s) ?? (/\bregular|frequent/i.test(s) ? 'regular' : /\boccasional/i.test(s) ? 'occasional' : null),
  },
  {
    kind: 'schedule',
    pattern: /\b(?:on[- ]call|after[- ]hours|night shifts?|weekends?|shifts?|rotation|hours (?:a|per) week|hours\/week|early[- ]morning)\b/i,
    keep: 1,
  },
  {
    kind: 'relocation',
    pattern: /\breloca(?:te|tion)|\bdéménagement|\bumzug/i,
    keep: 1,
    value: (s) => (/\b(?:support|assistance|package|help|paid)\b/i.test(s) ? 'support offered' : null),
  },
  {
    kind: 'salary',
    pattern: /\b(?:salary|compensation|pay range|base pay|OTE|on target earnings|wage|hourly rate|rémunération|salaire|gehalt|vergütung)\b/i,
    rule: /[$€£]\s?\d|\d[\d,.]*\s?(?:k|K)?\s?(?:€|EUR|USD|GBP|CHF)\b/,
    keep: 1,
  },
];

/** Boilerplate that names conditions without setting any ("without regard to … national origin"). */
const BOILERPLATE = /equal (?:opportunity|employment)|without regard to|\bEEOC?\b|discriminat|protected veteran|reasonable accommodation|fair chance|privacy (?:policy|notice)|recruiting scams|identity fraud/i;
const NONE_VALUE = /:\s*(?:none|n\/?a|not applicable)\s*$/i;
const MAX_CONDITION_SENTENCE = 400;

/**
 * The conditions that can decide a job: where and how often on site, clearance and screening, citizenship and visas,
 * travel, schedule, relocation, pay. Texts are the posting's own sentences; location and salary fall back to the structured fields.
 */
export function extractConditions(posting: Pick<ExtractedPosting, 'location' | 'remote' | 'salary'>, outline: PostingOutline): Condition[] {
  const sentences = conditionSentences(outline);
  const found: Condition[] = [];
  if (posting.location?.text) {
    const remote = posting.remote === 'unknown' ? null : posting.remote;
    const named = remote !== null && posting.location.text.toLowerCase().includes(remote);
    found.push({ kind: 'location', text: clipLine(`${posting.location.text}${remote && !named ? ` (${remote})` : ''}`), value: remote });
  }
  const used = new Set<string>();
  for (const rule of RULES) {
    const matching = sentences.filter((s) => rule.pattern.test(s) && (!rule.rule || rule.rule.test(s)));
    // A sentence that already stands for another condition is used again only when nothing else states this one.
    const fresh = matching.filter((s) => !used.has(s));
    const kept = found.filter((c) => c.kind === rule.kind).length;
    for (const sentence of (fresh.length > 0 ? fresh : matching).slice(0, Math.max(0, rule.keep - kept))) {
      found.push({ kind: rule.kind, text: clipLine(sentence), value: clipValue(rule.value?.(sentence) ?? null) });
      used.add(sentence);
    }
  }
  const salary = posting.salary;
  if (salary && (salary.min ?? salary.max) !== undefined && !found.some((c) => c.kind === 'salary')) {
    found.push({ kind: 'salary', text: describeSalary(salary), value: null });
  }
  return found.slice(0, SUMMARY_LIMITS.conditions);
}

function conditionSentences(outline: PostingOutline): string[] {
  const lines = [...outline.facts, ...outline.sections.flatMap((s) => s.lines.map((l) => l.text))];
  const sentences: string[] = [];
  for (const line of lines) {
    if (NONE_VALUE.test(line)) continue;
    for (const part of line.split(/(?<=[.!?])\s+(?=[\p{Lu}"“(])/u)) {
      if (part.length <= MAX_CONDITION_SENTENCE && !BOILERPLATE.test(part)) sentences.push(part);
    }
  }
  return sentences;
}

function clipValue(value: string | null): string | null {
  return value ? value.slice(0, 40) : null;
}

/** The structured pay range in words, for postings whose text does not state it. */
export function describeSalary(salary: Salary): string {
  const format = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 2 });
  const range = salary.min !== undefined && salary.max !== undefined && salary.min !== salary.max
    ? `${format(salary.min)}–${format(salary.max)}`
    : format((salary.min ?? salary.max) as number);
  return `Pay: ${salary.currency ? `${salary.currency} ` : ''}${range}${salary.unit ? ` per ${salary.unit}` : ''}`;
}
