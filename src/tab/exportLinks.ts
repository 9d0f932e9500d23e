import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors';

/** How long an export link works. */
export const EXPORT_LINK_TTL_MS = 10 * 60 * 1000;
/** The path that serves the CSV for a signed token. */
export const EXPORT_CSV_PATH = '/api/tab/export.csv';

/** What a signed link names: whose collection, until when. */
interface ExportClaims {
  v: 1;
  sub: string;
  exp: number;
}

/** The token's shape: base64url claims, a dot, a base64url HMAC-SHA256 (43 characters). */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{1,1500}\.[A-Za-z0-9_-]{43}$/;
/** Signatures of export tokens are bound to this purpose, so the key signs nothing else that could be replayed here. */
const PURPOSE = 'jobtracker.export.v1';

/**
 * Short-lived, user-scoped download links for the CSV export: an HMAC-signed token carries the user key
 * and an expiry, so the link works from a chat card without the browser holding a session.
 */
export class ExportLinks {
  private readonly key: Buffer;
  private readonly now: () => number;

  /** Without a key, a random one is made: links then work only against this process (local mode). */
  constructor(options: { key?: string; now?: () => number } = {}) {
    this.key = options.key ? Buffer.from(options.key, 'utf8') : randomBytes(32);
    this.now = options.now ?? Date.now;
  }

  /** A signed token for the user's export, valid for ten minutes. */
  sign(userKey: string): { token: string; expiresAt: Date } {
    const exp = Math.floor((this.now() + EXPORT_LINK_TTL_MS) / 1000);
    const claims: ExportClaims = { v: 1, sub: userKey, exp };
    const body = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
    return { token: `${body}.${this.signature(body)}`, expiresAt: new Date(exp * 1000) };
  }

  /** The path (with its token) that downloads the user's export. */
  path(userKey: string): { path: string; expiresAt: Date } {
    const { token, expiresAt } = this.sign(userKey);
    return { path: `${EXPORT_CSV_PATH}?token=${token}`, expiresAt };
  }

  /** The user key a token was signed for; `EXPORT_LINK_INVALID` when it is malformed, tampered with or expired. */
  verify(token: string): string {
    if (!TOKEN_SHAPE.test(token)) throw invalid('malformed');
    const [body, signature] = token.split('.');
    const expected = Buffer.from(this.signature(body), 'utf8');
    const given = Buffer.from(signature, 'utf8');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid('bad signature');
    let claims: Partial<ExportClaims>;
    try {
      claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<ExportClaims>;
    } catch (error) {
      throw invalid('malformed', error);
    }
    if (claims.v !== 1 || typeof claims.sub !== 'string' || claims.sub === '' || typeof claims.exp !== 'number') throw invalid('malformed');
    if (claims.exp * 1000 <= this.now()) throw invalid('expired');
    return claims.sub;
  }

  private signature(body: string): string {
    return createHmac('sha256', this.key).update(`${PURPOSE}.${body}`).digest('base64url');
  }
}

function invalid(reason: string, cause?: unknown): AppError {
  return new AppError('EXPORT_LINK_INVALID', { cause, details: { reason } });
}
