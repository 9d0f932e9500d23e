import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { startHttpServer, type TestHttpServer } from './httpServer';

/** A local stand-in for a token issuer's published keys (OpenID metadata + JWKS), with a key to sign test tokens. */
export interface TestTokenIssuer extends TestHttpServer {
  /** URL of `/.well-known/openidconfiguration`. */
  metadataUrl: string;
  /** A JWT signed by the published key. */
  sign(claims: Record<string, unknown>, options?: { kid?: string; key?: KeyObject }): string;
  /** A key that is not published: tokens it signs must be refused. */
  strangerKey: KeyObject;
}

/** Starts the issuer; `endorsements` are what the Bot Framework's key set lists (channel ids). */
export async function startTokenIssuer(options: { issuer: string; endorsements?: string[] }): Promise<TestTokenIssuer> {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const jwk = publicKey.export({ format: 'jwk' });
  let server: TestHttpServer;
  server = await startHttpServer((req, res) => {
    res.setHeader('Content-Type', 'application/json');
    if (req.url === '/.well-known/openidconfiguration') {
      return void res.end(JSON.stringify({ issuer: options.issuer, jwks_uri: `${server.url}/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
    }
    if (req.url === '/keys') {
      return void res.end(JSON.stringify({ keys: [{ ...jwk, kid: 'test-key', use: 'sig', alg: 'RS256', endorsements: options.endorsements }] }));
    }
    res.writeHead(404).end('{}');
  });
  return {
    ...server,
    metadataUrl: `${server.url}/.well-known/openidconfiguration`,
    strangerKey: stranger,
    sign(claims, signOptions = {}) {
      const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const body = `${encode({ alg: 'RS256', typ: 'JWT', kid: signOptions.kid ?? 'test-key' })}.${encode(claims)}`;
      const signature = createSign('RSA-SHA256').update(body).sign(signOptions.key ?? privateKey).toString('base64url');
      return `${body}.${signature}`;
    },
  };
}
