/**
 * The extractor on the command line:
 *
 *   npm run --silent extract -- <url-or-file>... [--url <page-url>] [--select <id>]
 *
 * Prints one JSON line per input, in order: the posting's fields (dates as ISO strings), or
 * `{"error": {"code", "message"}}` with the AppError's code and the sentence a user would see.
 * Exits 0 when every input gave a posting, 1 otherwise (2 for a command line it cannot use).
 *
 * A URL is read exactly as the bot reads it (JobPageReader: ATS API first, then the page, through
 * SafeFetcher with the configured private-host allowance and time-out). A file is a page's HTML,
 * an ATS API response (JSON, or a Personio XML feed), or, for `.txt`, a pasted posting.
 * `--url` names the page a file came from; `--select` picks one job out of an ATS list response.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { ConfigError, loadConfig } from '../src/config';
import { AppError, handleError } from '../src/errors';
import { createLogger, type Logger } from '../src/logger';
import { extractFromAtsDocument } from '../src/postings/ats';
import { extractFromHtml, extractFromPastedText, type ExtractOutcome } from '../src/postings/extract';
import { SafeFetcher } from '../src/postings/fetch/safeFetcher';
import { JobPageReader } from '../src/postings/jobPageReader';
import type { ExtractedPosting } from '../src/postings/posting';

const USAGE = 'usage: npm run --silent extract -- <url-or-file>... [--url <page-url>] [--select <id>]';

/** What a file input is read as. */
type FileKind = 'html' | 'json' | 'xml' | 'text';

/** How a file's content is read; `--url` and `--select` only concern files (a URL names its own page and job). */
interface FileOptions {
  pageUrl?: string;
  select?: string;
}

/** The outcome of one input, as printed. */
type Line = ExtractedPosting | { error: { code: string; message: string } };

async function main(argv: string[]): Promise<number> {
  const args = parseCommandLine(argv);
  if (!args) return 2;
  const config = loadConfig();
  // Logs go to stderr so that stdout stays one JSON line per input.
  const log = createLogger(config.logLevel, pino.destination(2)).child({ component: 'extract-cli' });
  const fetcher = new SafeFetcher({ allowPrivateHosts: config.fetch.allowPrivateHosts, totalTimeoutMs: config.fetch.timeoutMs });
  const pages = new JobPageReader({ fetcher, log });

  let failures = 0;
  for (const input of args.inputs) {
    const line = await extractOne(input, { pages, log, file: { pageUrl: args.pageUrl, select: args.select } });
    if ('error' in line) failures += 1;
    process.stdout.write(`${JSON.stringify(line)}\n`);
  }
  return failures === 0 ? 0 : 1;
}

function parseCommandLine(argv: string[]): { inputs: string[]; pageUrl?: string; select?: string } | undefined {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { url: { type: 'string' }, select: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help || positionals.length === 0) {
      process.stderr.write(`${USAGE}\n`);
      return undefined;
    }
    return { inputs: positionals, pageUrl: values.url, select: values.select };
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return undefined;
  }
}

/** One input's line: never throws, every failure becomes the AppError the bot would show. */
async function extractOne(input: string, deps: { pages: JobPageReader; log: Logger; file: FileOptions }): Promise<Line> {
  try {
    return isUrl(input) ? await deps.pages.extract(input) : await extractFromFile(input, deps.file);
  } catch (error) {
    const appError = handleError(error, deps.log, { input });
    return { error: { code: appError.code, message: appError.userMessage } };
  }
}

/** Anything with a scheme is a link (an ftp: link then meets UNSUPPORTED_SCHEME, as in the bot); the rest are file paths. */
function isUrl(input: string): boolean {
  return /^[a-z][a-z\d+.-]*:\/\//i.test(input);
}

async function extractFromFile(file: string, options: FileOptions): Promise<ExtractedPosting> {
  const content = await readInput(file);
  const kind = kindOf(file, content);
  if (kind === 'text') return fromOutcome(extractFromPastedText(content), 'TEXT_TOO_SHORT');
  if (kind === 'html') return fromOutcome(extractFromHtml(content, options.pageUrl ?? pathToFileURL(path.resolve(file)).href), 'NOT_A_JOB');
  const document = kind === 'json' ? parseJson(content) : content;
  const posting = extractFromAtsDocument(document, { pageUrl: options.pageUrl, select: options.select });
  if (posting) return posting;
  // The usual cause is a list response without --select: say so in the log line.
  throw new AppError('NOT_A_JOB', { details: { reason: 'noJobInDocument', hint: 'name the job with --select <id> or --url <job page>' } });
}

async function readInput(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    // Neither a link nor a readable file: the catalogue's answer to input that is not an address it can open.
    throw new AppError('BAD_URL', { cause: error, details: { file, reason: (error as NodeJS.ErrnoException).code } });
  }
}

/** `.txt` is pasted text; JSON (by extension or by its first character) and XML feeds are ATS responses; the rest is HTML. */
function kindOf(file: string, content: string): FileKind {
  const extension = path.extname(file).toLowerCase();
  const start = content.replace(/^\uFEFF/, '').trimStart();
  if (extension === '.txt') return 'text';
  if (extension === '.json' || start.startsWith('{') || start.startsWith('[')) return 'json';
  if (extension === '.xml' || (start.startsWith('<?xml') && !/<html[\s>]/i.test(start.slice(0, 2048)))) return 'xml';
  return 'html';
}

function parseJson(content: string): unknown {
  try {
    return JSON.parse(content.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new AppError('NOT_A_JOB', { cause: error, details: { reason: 'badJson' } });
  }
}

/** The same mapping as the bot's: a wall is a blocked site, any other "not a job" is `otherwise`. */
function fromOutcome(outcome: ExtractOutcome, otherwise: 'NOT_A_JOB' | 'TEXT_TOO_SHORT'): ExtractedPosting {
  if (outcome.kind === 'posting') return outcome.posting;
  if (outcome.reason === 'wall') throw new AppError('BLOCKED_SITE');
  throw new AppError(otherwise, { details: { reason: outcome.reason } });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Only set-up can get here (settings, logger): every input's failure is already a printed line.
    process.stderr.write(`${error instanceof ConfigError ? error.message : String((error as Error)?.stack ?? error)}\n`);
    process.exitCode = 2;
  },
);
