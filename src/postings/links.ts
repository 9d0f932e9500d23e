/** What a chat message offers as links. */
export interface FoundLinks {
  /** http(s) links, in order, without duplicates. */
  urls: string[];
  /** Links with a scheme we never open (file:, ftp:, javascript:, ...). */
  unsupported: string[];
}

const HTTP_LINK = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const OTHER_SCHEME = /\b(?:file|ftp|ftps|gopher|data|javascript|vbscript|ldap|dict|smb|ssh|sftp|tftp|ws|wss|mailto|chrome|about|jar|netdoc):[^\s<>"'`]*/gi;

/** Finds the links in a message's text (Teams sends links as plain text, sometimes inside `<...>`). */
export function findLinks(text: string): FoundLinks {
  const urls = unique((text.match(HTTP_LINK) ?? []).map(trimTrailingPunctuation));
  const withoutHttp = text.replace(HTTP_LINK, ' ');
  const unsupported = unique(withoutHttp.match(OTHER_SCHEME) ?? []);
  return { urls, unsupported };
}

function trimTrailingPunctuation(url: string): string {
  let trimmed = url.replace(/[.,;:!?]+$/, '');
  // A link written in parentheses keeps its own balanced parentheses, not the closing one of the sentence.
  while (trimmed.endsWith(')') && count(trimmed, '(') < count(trimmed, ')')) trimmed = trimmed.slice(0, -1);
  return trimmed;
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
