/** Headings job postings use, in the languages our users paste (English, French, German, Spanish). */
const HEADING_PHRASES = [
  'about (?:the|this) (?:role|job|position|team|opportunity)', 'about you', 'about us', 'the role', 'the job', 'the opportunity', 'the position',
  'job (?:description|summary|purpose)', 'role (?:description|summary|overview)', 'overview', 'summary', 'primary purpose of (?:the )?role',
  '(?:key |your |main |core |primary )?(?:responsibilities|duties)(?: (?:and|&) (?:accountabilities|duties))?', 'what you(?:\'|’)?ll do', 'what you will do', 'what you(?:\'|’)?ll be doing', 'your (?:role|mission|impact)', 'day to day',
  '(?:required |basic |minimum |preferred |desired |additional |key )?(?:qualifications|requirements|skills|experience)(?: (?:and|&) (?:skills|experience|qualifications))?',
  'knowledge and skills required', 'what you(?:\'|’)?ll (?:need|bring)', 'what you bring', 'what we(?:\'|’)?re looking for', 'who you are', 'your profile', 'you have', 'you are',
  'nice[- ]to[- ]haves?', 'bonus points', 'it(?:\'|’)?s a plus if', 'education',
  'benefits', 'perks(?: (?:and|&) benefits)?', 'what we offer', 'we offer', 'our offer', 'why join us', 'why (?:work|join) (?:with|at) us', 'compensation(?: (?:and|&) benefits)?', 'salary', 'pay',
  'how to apply', 'additional information', 'equal opportunity',
  'vos missions', 'missions?', 'description du poste', 'description de l(?:\'|’)entreprise', 'informations suppl[ée]mentaires', 'comp[ée]tences(?: techniques)?', 'votre profil', 'profil(?: recherché)?', 'ce que nous offrons', 'avantages', 'qui sommes-nous',
  'ihre aufgaben', 'deine aufgaben', 'aufgaben', 'ihr profil', 'dein profil', 'wir bieten', 'das bieten wir', 'was wir bieten', 'was dich erwartet',
  'responsabilidades', 'requisitos', 'funciones', 'ofrecemos',
];

const KNOWN_HEADING = new RegExp(`^(?:${HEADING_PHRASES.join('|')})\\s*:?$`, 'i');
const BULLET = /^(?:[•·▪●◦‣∙*–-]|\d{1,2}[.)])\s+/;

/** Whether a line is a section heading: a known phrase, or a short line that ends with a colon. */
export function isHeading(line: string): boolean {
  const text = line.trim();
  if (!text || text.length > 60 || BULLET.test(text)) return false;
  if (KNOWN_HEADING.test(text)) return true;
  return text.endsWith(':') && text.split(/\s+/).length <= 6 && !/^[^:]+:\s*\S/.test(text.slice(0, -1));
}

/** Whether a line is one of the well-known posting headings (not merely a line ending with a colon). */
export function isKnownHeading(line: string): boolean {
  return KNOWN_HEADING.test(line.trim());
}

/** Splits posting text into named sections by its headings; lines before the first heading are not a section. */
export function sectionsFromText(text: string): Record<string, string[]> | undefined {
  const sections: Record<string, string[]> = {};
  let current: string[] | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    if (isHeading(line)) {
      const name = line.replace(/\s*:$/, '');
      current = sections[name] ?? (sections[name] = []);
    } else if (current) {
      current.push(line.replace(BULLET, ''));
    }
  }
  for (const name of Object.keys(sections)) if (sections[name].length === 0) delete sections[name];
  return Object.keys(sections).length > 0 ? sections : undefined;
}

/** Words that turn up in job postings and rarely elsewhere. */
const POSTING_WORDS = [
  /responsibilit/i, /qualifications?\b/i, /requirements?\b/i, /years? of (?:professional |relevant )?experience/i, /\bapply\b/i, /\bsalary\b/i,
  /\bbenefits\b/i, /\bcandidates?\b/i, /\bfull[- ]time\b|\bpart[- ]time\b/i, /we(?:'|’| a)re looking for|we are looking for/i, /\byou will\b|\byou'll\b/i,
  /\bhiring\b/i, /\bequal opportunity\b/i, /\bmissions?\b|\bprofil\b|\bposte\b|\bcandidat/i, /\baufgaben\b|\bprofil\b|\bbewerb/i,
];

/** Whether text reads like a job posting: a posting heading, or several posting words. */
export function looksLikePosting(text: string): boolean {
  if (text.length < 200) return false;
  const headings = text.split('\n').filter(isKnownHeading).length;
  const words = POSTING_WORDS.filter((pattern) => pattern.test(text)).length;
  return (headings >= 1 && words >= 2) || words >= 4;
}
