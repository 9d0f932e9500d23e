import template from '../../cards/summary.json';
import { errorCatalogue, type ErrorCode } from '../errors';
import type { Posting } from '../postings/posting';
import type { SummaryResult } from '../summary';
import { renderCard, type AdaptiveCardJson } from './render';
import { truncate } from './text';

/** What `cards/summary.json` shows. */
export interface SummaryCardData {
  postingId: string;
  title: string;
  companySuffix: string;
  /** True while the model writes it: the card is replaced when it is done. */
  pending: boolean;
  gist: string;
  note: string;
  hasScore: boolean;
  score: number;
  scoreColor: 'good' | 'warning' | 'attention';
  basis: string;
  matched: Array<{ skill: string; evidence: string }>;
  missing: Array<{ skill: string; evidence: string }>;
  askSkills: boolean;
  sections: Array<{ heading: string; lines: string[] }>;
  footer: string;
  url: string;
}

/** The summary card; without a result it is the "summarising…" placeholder. */
export function summaryCard(posting: Posting, result: SummaryResult | undefined, options: { hasSkills: boolean }): AdaptiveCardJson {
  const summary = result?.summary;
  const match = result?.match;
  const sections = summary
    ? [
        { heading: 'Key responsibilities', lines: summary.responsibilities },
        { heading: 'Required', lines: summary.required },
        { heading: 'Nice to have', lines: summary.preferred },
        { heading: 'Conditions that can decide it', lines: summary.conditions.map((c) => c.text) },
      ].filter((s) => s.lines.length > 0)
    : [];
  const score = match?.score ?? 0;
  return renderCard<SummaryCardData>(template, {
    postingId: posting.id,
    title: truncate(posting.title ?? 'Untitled job', 150),
    companySuffix: posting.company ? ` · ${truncate(posting.company, 80)}` : '',
    pending: !result,
    gist: summary?.gist ?? '',
    note: result?.fellBack ? fallbackNote(result.fellBack) : '',
    hasScore: Boolean(match),
    score,
    scoreColor: score >= 70 ? 'good' : score >= 40 ? 'warning' : 'attention',
    basis: match ? `${match.basis.required.matched} of ${match.basis.required.total} required, ${match.basis.preferred.matched} of ${match.basis.preferred.total} preferred` : '',
    matched: (match?.matched ?? []).slice(0, 12).map((m) => ({ skill: m.skill, evidence: truncate(m.evidence, 140) })),
    missing: (match?.missing ?? []).slice(0, 12).map((m) => ({ skill: m.skill, evidence: truncate(m.evidence, 140) })),
    askSkills: Boolean(summary) && !options.hasSkills,
    sections,
    footer: summary ? (summary.source === 'offline' ? 'Summarised on our server from the posting\'s own words.' : `Summarised by ${summary.model ?? 'the model'}; the match score is computed by us from the posting's words.`) : '',
    url: /^https?:\/\//.test(posting.url) ? posting.url : '',
  });
}

function fallbackNote(code: ErrorCode): string {
  return errorCatalogue[code];
}
