import type dns from 'node:dns';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import net from 'node:net';
import { Readable, pipeline } from 'node:stream';
import zlib from 'node:zlib';
import { AppError, type ErrorCode } from '../../src/errors';
import { SafeFetcher, type SafeFetcherOptions } from '../../src/postings/fetch/safeFetcher';
import { startHttpServer, type TestHttpServer } from '../support/httpServer';

const MB = 1024 * 1024;
const GB = 1024 * MB;

/** A resolver answering from a table, as a hostile DNS would; it records every name it is asked about. */
function fakeLookup(answers: Record<string, string[]>, asked: string[] = []): typeof dns.lookup {
  const lookup = (hostname: string, options: dns.LookupOptions, callback: (...args: unknown[]) => void): void => {
    asked.push(hostname);
    const addresses = answers[hostname];
    if (addresses === undefined) {
      const notFound = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
      process.nextTick(callback, notFound);
      return;
    }
    const entries = addresses.map((address) => ({ address, family: net.isIP(address) }));
    if (options.all) process.nextTick(callback, null, entries);
    else process.nextTick(callback, null, entries[0].address, entries[0].family);
  };
  return lookup as unknown as typeof dns.lookup;
}

/** A resolver that never answers, like a DNS server that drops the query. */
function silentLookup(): typeof dns.lookup {
  return ((): void => undefined) as unknown as typeof dns.lookup;
}

/** The error a fetch failed with; fails the test when the fetch succeeds or fails with something else. */
async function fetchError(fetching: Promise<unknown>): Promise<AppError> {
  try {
    await fetching;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the fetch to be refused, but it succeeded');
}

function send(res: ServerResponse, status: number, headers: Record<string, string | number>, body: string | Buffer = ''): void {
  res.writeHead(status, headers);
  res.end(body);
}

describe('SafeFetcher refuses links that could reach inside our network', () => {
  // The server a hostile link would reach if a rule failed: it counts every request it receives.
  let target: TestHttpServer;
  let requestsReceived: string[];
  const asked: string[] = [];
  const hostileDns = fakeLookup({
    'rebind.test': ['127.0.0.1'],
    'metadata.test': ['169.254.169.254'],
    'private.test': ['10.1.2.3'],
    'cgnat.test': ['100.64.1.1'],
    'loopback6.test': ['::1'],
    'mapped.test': ['::ffff:127.0.0.1'],
    'nat64.test': ['64:ff9b::a9fe:a9fe'],
    'mixed.test': ['93.184.215.14', '10.0.0.5'],
    'mixed6.test': ['2606:4700:4700::1111', 'fd00::5'],
    'empty.test': [],
  }, asked);

  beforeAll(async () => {
    target = await startHttpServer((req, res) => {
      requestsReceived.push(req.url ?? '');
      if (req.url?.startsWith('/redirect?to=')) {
        send(res, 302, { location: decodeURIComponent(req.url.slice('/redirect?to='.length)) });
        return;
      }
      send(res, 200, { 'content-type': 'text/html' }, '<p>internal secret</p>');
    });
  });
  afterAll(() => target.close());
  beforeEach(() => {
    requestsReceived = [];
    asked.length = 0;
  });

  const hostileLinks: Array<{ input: string; code: ErrorCode; why: string }> = [
    { input: 'http://127.0.0.1:{port}/', code: 'FETCH_BLOCKED_ADDRESS', why: 'IPv4 loopback' },
    { input: 'http://127.0.0.2:{port}/', code: 'FETCH_BLOCKED_ADDRESS', why: 'another loopback address' },
    { input: 'https://127.255.255.254/', code: 'FETCH_BLOCKED_ADDRESS', why: 'top of 127/8' },
    { input: 'http://0.0.0.0:{port}/', code: 'FETCH_BLOCKED_ADDRESS', why: 'unspecified, which Linux connects to loopback' },
    { input: 'http://0/', code: 'FETCH_BLOCKED_ADDRESS', why: 'unspecified, short form' },
    { input: 'http://10.0.0.1/', code: 'FETCH_BLOCKED_ADDRESS', why: 'private 10/8' },
    { input: 'http://172.16.0.1/', code: 'FETCH_BLOCKED_ADDRESS', why: 'private 172.16/12, bottom' },
    { input: 'http://172.31.255.254/', code: 'FETCH_BLOCKED_ADDRESS', why: 'private 172.16/12, top' },
    { input: 'http://192.168.1.1/', code: 'FETCH_BLOCKED_ADDRESS', why: 'private 192.168/16' },
    { input: 'http://100.64.0.1/', code: 'FETCH_BLOCKED_ADDRESS', why: 'carrier-grade NAT 100.64/10' },
    { input: 'http://169.254.169.254/latest/meta-data/', code: 'FETCH_BLOCKED_ADDRESS', why: 'cloud metadata' },
    { input: 'http://169.254.1.1/', code: 'FETCH_BLOCKED_ADDRESS', why: 'IPv4 link-local' },
    { input: 'http://224.0.0.1/', code: 'FETCH_BLOCKED_ADDRESS', why: 'IPv4 multicast' },
    { input: 'http://255.255.255.255/', code: 'FETCH_BLOCKED_ADDRESS', why: 'broadcast' },
    { input: 'http://240.0.0.1/', code: 'FETCH_BLOCKED_ADDRESS', why: 'reserved 240/4' },
    { input: 'http://192.0.2.10/', code: 'FETCH_BLOCKED_ADDRESS', why: 'documentation TEST-NET-1' },
    { input: 'http://198.51.100.7/', code: 'FETCH_BLOCKED_ADDRESS', why: 'documentation TEST-NET-2' },
    { input: 'http://203.0.113.9/', code: 'FETCH_BLOCKED_ADDRESS', why: 'documentation TEST-NET-3' },
    { input: 'http://198.18.0.1/', code: 'FETCH_BLOCKED_ADDRESS', why: 'benchmarking 198.18/15' },
    { input: 'http://[::1]:{port}/', code: 'FETCH_BLOCKED_ADDRESS', why: 'IPv6 loopback' },
    { input: 'http://[::]/', code: 'FETCH_BLOCKED_ADDRESS', why: 'IPv6 unspecified' },
    { input: 'http://[::ffff:127.0.0.1]:{port}/', code: 'FETCH_BLOCKED_ADDRESS', why: 'IPv4-mapped loopback, dotted' },
    { input: 'http://[::ffff:7f00:1]:{port}/', code: 'FETCH_BLOCKED_ADDRESS', why: 'IPv4-mapped loopback, hex' },
    { input: 'http://[::ffff:a9fe:a9fe]/', code: 'FETCH_BLOCKED_ADDRESS', why: 'IPv4-mapped metadata address' },
    { input: 'http://[::7f00:1]/', code: 'FETCH_BLOCKED_ADDRESS', why: 'deprecated IPv4-compatible loopback' },
    { input: 'http://[64:ff9b::7f00:1]/', code: 'FETCH_BLOCKED_ADDRESS', why: 'NAT64 of loopback' },
    { input: 'http://[2002:7f00:1::]/', code: 'FETCH_BLOCKED_ADDRESS', why: '6to4 of loopback' },
    { input: 'http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/', code: 'FETCH_BLOCKED_ADDRESS', why: 'Teredo' },
    { input: 'http://[fe80::1]/', code: 'FETCH_BLOCKED_ADDRESS', why: 'IPv6 link-local' },
    { input: 'http://[fc00::1]/', code: 'FETCH_BLOCKED_ADDRESS', why: 'IPv6 unique-local fc00::/8' },
    { input: 'http://[fd12:3456::1]/', code: 'FETCH_BLOCKED_ADDRESS', why: 'IPv6 unique-local fd00::/8' },
    { input: 'http://[ff02::1]/', code: 'FETCH_BLOCKED_ADDRESS', why: 'IPv6 multicast' },
    { input: 'http://[2001:db8::1]/', code: 'FETCH_BLOCKED_ADDRESS', why: 'IPv6 documentation' },
    { input: 'http://[fec0::1]/', code: 'FETCH_BLOCKED_ADDRESS', why: 'deprecated IPv6 site-local' },
    { input: 'http://2130706433:{port}/', code: 'FETCH_BLOCKED_ADDRESS', why: 'loopback as one decimal number' },
    { input: 'http://0177.0.0.1:{port}/', code: 'FETCH_BLOCKED_ADDRESS', why: 'loopback with an octal octet' },
    { input: 'http://0x7f.1:{port}/', code: 'FETCH_BLOCKED_ADDRESS', why: 'loopback in hex, two parts' },
    { input: 'http://127.1:{port}/', code: 'FETCH_BLOCKED_ADDRESS', why: 'loopback, two parts' },
    { input: 'http://0x7f000001:{port}/', code: 'FETCH_BLOCKED_ADDRESS', why: 'loopback as one hex number' },
    { input: 'http://017700000001:{port}/', code: 'FETCH_BLOCKED_ADDRESS', why: 'loopback as one octal number' },
    { input: 'http://127.0.0.1.:{port}/', code: 'FETCH_BLOCKED_ADDRESS', why: 'loopback with a trailing dot' },
    { input: 'http://127.0.0.1:{port}\\@jobs.example.com/', code: 'FETCH_BLOCKED_ADDRESS', why: 'a backslash that hides the real host' },
    { input: 'http://%31%32%37.0.0.1:{port}/', code: 'FETCH_BLOCKED_ADDRESS', why: 'percent-encoded loopback' },
    { input: 'http://１２７.０.０.１:{port}/', code: 'FETCH_BLOCKED_ADDRESS', why: 'full-width digits' },
    { input: 'http://localhost:{port}/', code: 'FETCH_BLOCKED_ADDRESS', why: 'localhost' },
    { input: 'http://localhost.:{port}/', code: 'FETCH_BLOCKED_ADDRESS', why: 'localhost with a trailing dot' },
    { input: 'http://LocalHost/', code: 'FETCH_BLOCKED_ADDRESS', why: 'localhost in mixed case' },
    { input: 'http://%6c%6f%63%61%6c%68%6f%73%74:{port}/', code: 'FETCH_BLOCKED_ADDRESS', why: 'percent-encoded localhost' },
    { input: 'http://admin.localhost/', code: 'FETCH_BLOCKED_ADDRESS', why: 'a .localhost subdomain' },
    { input: 'http://rebind.test/', code: 'FETCH_BLOCKED_ADDRESS', why: 'a name that resolves to loopback' },
    { input: 'http://metadata.test/', code: 'FETCH_BLOCKED_ADDRESS', why: 'a name that resolves to the metadata address' },
    { input: 'https://private.test/', code: 'FETCH_BLOCKED_ADDRESS', why: 'a name that resolves to a private address' },
    { input: 'http://cgnat.test/', code: 'FETCH_BLOCKED_ADDRESS', why: 'a name that resolves to carrier-grade NAT' },
    { input: 'http://loopback6.test/', code: 'FETCH_BLOCKED_ADDRESS', why: 'a name that resolves to ::1' },
    { input: 'http://mapped.test/', code: 'FETCH_BLOCKED_ADDRESS', why: 'a name that resolves to an IPv4-mapped loopback' },
    { input: 'http://nat64.test/', code: 'FETCH_BLOCKED_ADDRESS', why: 'a name that resolves to NAT64 of metadata' },
    { input: 'http://mixed.test/', code: 'FETCH_BLOCKED_ADDRESS', why: 'a name with one public and one private IPv4' },
    { input: 'http://mixed6.test/', code: 'FETCH_BLOCKED_ADDRESS', why: 'a name with one public and one unique-local IPv6' },
    { input: 'http://empty.test/', code: 'FETCH_BLOCKED_ADDRESS', why: 'a name with an empty answer' },
    { input: 'http://user:secret@127.0.0.1:{port}/', code: 'FETCH_CREDENTIALS_IN_URL', why: 'user and password' },
    { input: 'https://user@jobs.example.com/', code: 'FETCH_CREDENTIALS_IN_URL', why: 'a user name only' },
    { input: 'https://:secret@jobs.example.com/', code: 'FETCH_CREDENTIALS_IN_URL', why: 'a password only' },
    { input: 'file:///etc/passwd', code: 'UNSUPPORTED_SCHEME', why: 'file' },
    { input: 'ftp://127.0.0.1:{port}/', code: 'UNSUPPORTED_SCHEME', why: 'ftp' },
    { input: 'gopher://127.0.0.1:{port}/_GET%20/', code: 'UNSUPPORTED_SCHEME', why: 'gopher' },
    { input: 'data:text/html,<p>hi</p>', code: 'UNSUPPORTED_SCHEME', why: 'data' },
    { input: 'javascript:alert(1)', code: 'UNSUPPORTED_SCHEME', why: 'javascript' },
    { input: 'ws://127.0.0.1:{port}/', code: 'UNSUPPORTED_SCHEME', why: 'websocket' },
    { input: 'https://jobs.example.com:8443/', code: 'FETCH_BAD_PORT', why: 'a non-standard HTTPS port' },
    { input: 'http://jobs.example.com:22/', code: 'FETCH_BAD_PORT', why: 'the SSH port' },
    { input: 'http://jobs.example.com:6379/', code: 'FETCH_BAD_PORT', why: 'the Redis port' },
    { input: 'not a link', code: 'BAD_URL', why: 'plain text' },
    { input: 'http://', code: 'BAD_URL', why: 'no host' },
    { input: 'http://[::1/', code: 'BAD_URL', why: 'an unclosed IPv6 bracket' },
  ];

  test.each(hostileLinks)('when the link is $input ($why), then it is refused with $code and no request reaches the server', async ({ input, code }) => {
    // Arrange
    const fetcher = new SafeFetcher({ lookup: hostileDns, connectTimeoutMs: 2000, totalTimeoutMs: 4000 });

    // Act
    const error = await fetchError(fetcher.fetchDocument(input.replace('{port}', String(target.port))));

    // Assert
    expect(error.code).toBe(code);
    expect(requestsReceived).toEqual([]);
  });

  test('when a name resolves to loopback, then the resolver is asked at connect time and no connection is made', async () => {
    // Arrange
    const fetcher = new SafeFetcher({ lookup: hostileDns });

    // Act
    const error = await fetchError(fetcher.fetchDocument('http://rebind.test/jobs/1'));

    // Assert: a connection to 127.0.0.1:80 would have failed with FETCH_NETWORK instead.
    expect(asked).toEqual(['rebind.test']);
    expect(error.code).toBe('FETCH_BLOCKED_ADDRESS');
    expect(error.details).toMatchObject({ host: 'rebind.test', range: 'loopback' });
  });

  const hostileRedirects: Array<{ location: string; code: ErrorCode; why: string }> = [
    { location: 'http://0.0.0.0:{port}/secret', code: 'FETCH_BLOCKED_ADDRESS', why: 'an address that reaches the fixture server' },
    { location: 'http://[::ffff:127.0.0.1]:{port}/secret', code: 'FETCH_BLOCKED_ADDRESS', why: 'a mapped address that reaches the fixture server' },
    { location: 'http://127.0.0.2:{port}/secret', code: 'FETCH_BLOCKED_ADDRESS', why: 'another loopback address' },
    { location: 'http://[::1]:{port}/secret', code: 'FETCH_BLOCKED_ADDRESS', why: 'IPv6 loopback' },
    { location: 'http://localhost:{port}/secret', code: 'FETCH_BLOCKED_ADDRESS', why: 'localhost' },
    { location: 'http://169.254.169.254/latest/meta-data/', code: 'FETCH_BLOCKED_ADDRESS', why: 'cloud metadata' },
    { location: 'http://rebind.test/secret', code: 'FETCH_BLOCKED_ADDRESS', why: 'a name that resolves to loopback' },
    { location: 'file:///etc/passwd', code: 'UNSUPPORTED_SCHEME', why: 'a file link' },
    { location: 'gopher://jobs.example.com/', code: 'UNSUPPORTED_SCHEME', why: 'a gopher link' },
    { location: 'http://jobs.example.com:8080/', code: 'FETCH_BAD_PORT', why: 'a non-standard port' },
    { location: 'http://user:secret@jobs.example.com/', code: 'FETCH_CREDENTIALS_IN_URL', why: 'credentials' },
    { location: 'http://[oops/', code: 'BAD_URL', why: 'an unparsable location' },
  ];

  test.each(hostileRedirects)('when an allowed server redirects to $location ($why), then the redirect is refused with $code', async ({ location, code }) => {
    // Arrange: only the 127.0.0.1 spelling is allowed, as FETCH_ALLOW_PRIVATE_HOSTS would allow a fixture site.
    const fetcher = new SafeFetcher({ allowPrivateHosts: ['127.0.0.1'], lookup: hostileDns });
    const hop = encodeURIComponent(location.replace('{port}', String(target.port)));

    // Act
    const error = await fetchError(fetcher.fetchDocument(`${target.url}/redirect?to=${hop}`));

    // Assert
    expect(error.code).toBe(code);
    expect(requestsReceived).toEqual([`/redirect?to=${hop}`]);
  });
});

describe('SafeFetcher reads pages and documents from an allowed fixture site', () => {
  let site: TestHttpServer;
  let lastHeaders: IncomingHttpHeaders;
  const html = '<!doctype html><html><head><title>Backend Engineer – Zürich</title></head><body>Café ☕</body></html>';
  const windows1252 = Buffer.from([...Buffer.from('<p>Caf'), 0xe9, 0x20, 0x80, 0x35, 0x30, 0x20, 0x93, 0x6f, 0x6b, 0x94, ...Buffer.from('</p>')]);

  const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
    '/job.html': (_req, res) => send(res, 200, { 'content-type': 'text/html; charset=utf-8' }, html),
    '/job.json': (_req, res) => send(res, 200, { 'content-type': 'application/json' }, JSON.stringify({ title: 'Engineer', city: 'Zürich' })),
    '/job.jsonld': (_req, res) => send(res, 200, { 'content-type': 'application/ld+json' }, '{"@type":"JobPosting"}'),
    '/feed.xml': (_req, res) => send(res, 200, { 'content-type': 'text/xml' }, Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><job>Caf\xe9</job>', 'latin1')),
    '/job.gz': (_req, res) => send(res, 200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip' }, zlib.gzipSync(html)),
    '/job.br': (_req, res) => send(res, 200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'br' }, zlib.brotliCompressSync(html)),
    '/job.deflate': (_req, res) => send(res, 200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'deflate' }, zlib.deflateSync(html)),
    '/cp1252-header': (_req, res) => send(res, 200, { 'content-type': 'text/html; charset=windows-1252' }, windows1252),
    '/cp1252-meta': (_req, res) => send(res, 200, { 'content-type': 'text/html' }, Buffer.concat([Buffer.from('<meta charset="windows-1252">'), windows1252])),
    '/latin1-http-equiv': (_req, res) => send(res, 200, { 'content-type': 'text/html' },
      Buffer.concat([Buffer.from('<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'), windows1252])),
    '/shift-jis': (_req, res) => send(res, 200, { 'content-type': 'text/html; charset=Shift_JIS' }, Buffer.from([0x83, 0x5e, 0x83, 0x43, 0x83, 0x67, 0x83, 0x8b])),
    '/no-charset': (_req, res) => send(res, 200, { 'content-type': 'text/html' }, html),
    '/unknown-charset': (_req, res) => send(res, 200, { 'content-type': 'text/html; charset=x-klingon' }, html),
    '/bom': (_req, res) => send(res, 200, { 'content-type': 'text/html' }, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(html)])),
    '/shouting-type': (_req, res) => send(res, 200, { 'content-type': 'Text/HTML; Charset="UTF-8"' }, html),
    '/echo-headers': (req, res) => send(res, 200, { 'content-type': 'application/json' }, JSON.stringify(req.headers)),
    '/sets-cookie': (_req, res) => send(res, 302, { location: '/echo-headers', 'set-cookie': 'session=abc; Path=/' }),
    '/no-location': (_req, res) => send(res, 302, {}),
  };

  beforeAll(async () => {
    site = await startHttpServer((req, res) => {
      lastHeaders = req.headers;
      const path = new URL(req.url ?? '/', 'http://fixture').pathname;
      const chain = /^\/chain\/(\d+)$/.exec(path);
      if (chain) return redirectChain(Number(chain[1]), res);
      const route = routes[path];
      if (route) return route(req, res);
      return send(res, 404, { 'content-type': 'text/html' }, 'not here');
    });
  });
  afterAll(() => site.close());

  function allowedFetcher(options: SafeFetcherOptions = {}): SafeFetcher {
    return new SafeFetcher({ allowPrivateHosts: ['127.0.0.1'], ...options });
  }

  function redirectChain(remaining: number, res: ServerResponse): void {
    if (remaining === 0) return send(res, 200, { 'content-type': 'text/html' }, '<p>the end</p>');
    const statuses = [301, 302, 303, 307, 308];
    // Alternate relative and absolute-path locations, so both are resolved against the current URL.
    const location = remaining % 2 === 0 ? `./${remaining - 1}` : `/chain/${remaining - 1}`;
    return send(res, statuses[remaining % statuses.length], { location });
  }

  test('when a page is HTML in UTF-8, then its text is decoded and its media type reported', async () => {
    const document = await allowedFetcher().fetchDocument(`${site.url}/job.html`);

    expect(document).toEqual({ url: `${site.url}/job.html`, status: 200, contentType: 'text/html', body: html });
  });

  test('when a document is JSON, then it is returned as text that parses', async () => {
    const document = await allowedFetcher().fetchDocument(`${site.url}/job.json`, { accept: 'application/json' });

    expect(document.contentType).toBe('application/json');
    expect(JSON.parse(document.body)).toEqual({ title: 'Engineer', city: 'Zürich' });
  });

  test('when a document is JSON-LD or an XML feed, then it is accepted and the XML declaration names its charset', async () => {
    const fetcher = allowedFetcher();

    const jsonLd = await fetcher.fetchDocument(`${site.url}/job.jsonld`);
    const feed = await fetcher.fetchDocument(`${site.url}/feed.xml`);

    expect(jsonLd.contentType).toBe('application/ld+json');
    expect(feed.contentType).toBe('text/xml');
    expect(feed.body).toContain('<job>Café</job>');
  });

  test.each(['gz', 'br', 'deflate'])('when a body is compressed (%s), then it is decompressed', async (kind) => {
    const document = await allowedFetcher().fetchDocument(`${site.url}/job.${kind}`);

    expect(document.body).toBe(html);
  });

  test.each([
    ['the Content-Type header', '/cp1252-header'],
    ['a <meta charset> tag', '/cp1252-meta'],
    ['a <meta http-equiv> tag naming ISO-8859-1', '/latin1-http-equiv'],
  ])('when the charset is windows-1252 from %s, then the text is decoded with it', async (_source, path) => {
    const document = await allowedFetcher().fetchDocument(`${site.url}${path}`);

    expect(document.body).toContain('<p>Café €50 “ok”</p>');
  });

  test('when the charset is Shift_JIS, then Japanese text is decoded', async () => {
    const document = await allowedFetcher().fetchDocument(`${site.url}/shift-jis`);

    expect(document.body).toBe('タイトル');
  });

  test.each([
    ['no charset is declared', '/no-charset'],
    ['the charset label is unknown', '/unknown-charset'],
    ['the body starts with a UTF-8 byte order mark', '/bom'],
  ])('when %s, then the text is decoded as UTF-8', async (_case, path) => {
    const document = await allowedFetcher().fetchDocument(`${site.url}${path}`);

    expect(document.body).toBe(html);
  });

  test('when the Content-Type is in mixed case with parameters, then the media type is lower-case without them', async () => {
    const document = await allowedFetcher().fetchDocument(`${site.url}/shouting-type`);

    expect(document.contentType).toBe('text/html');
    expect(document.body).toBe(html);
  });

  test('when a link redirects five times (relative and absolute paths, all redirect codes), then the final URL is reported', async () => {
    const document = await allowedFetcher().fetchDocument(`${site.url}/chain/5`);

    expect(document.url).toBe(`${site.url}/chain/0`);
    expect(document.body).toBe('<p>the end</p>');
  });

  test('when a link redirects six times, then the fetch stops with FETCH_TOO_MANY_REDIRECTS', async () => {
    const error = await fetchError(allowedFetcher().fetchDocument(`${site.url}/chain/6`));

    expect(error.code).toBe('FETCH_TOO_MANY_REDIRECTS');
  });

  test('when a server sets a cookie on a redirect, then the next request carries no cookie, an honest User-Agent and the caller\'s Accept', async () => {
    const document = await allowedFetcher().fetchDocument(`${site.url}/sets-cookie`, { accept: 'application/json' });

    const headers = JSON.parse(document.body) as IncomingHttpHeaders;
    expect(headers.cookie).toBeUndefined();
    expect(headers['user-agent']).toBe('JobTrackerForTeams/0.1 (+job posting reader)');
    expect(headers.accept).toBe('application/json');
  });

  test('when no Accept is given, then HTML and JSON are asked for', async () => {
    await allowedFetcher().fetchDocument(`${site.url}/job.html`);

    expect(lastHeaders.accept).toContain('text/html');
    expect(lastHeaders.accept).toContain('application/json');
  });

  test('when a redirect has no Location, then it is reported as an HTTP status', async () => {
    const error = await fetchError(allowedFetcher().fetchDocument(`${site.url}/no-location`));

    expect(error.code).toBe('FETCH_HTTP_STATUS');
    expect(error.details.status).toBe(302);
  });

  test('when an allowed host name resolves to loopback, then it may use any port', async () => {
    const fetcher = new SafeFetcher({ allowPrivateHosts: ['Jobs.Fixture.Test.'], lookup: fakeLookup({ 'jobs.fixture.test': ['127.0.0.1'] }) });

    const document = await fetcher.fetchDocument(`http://jobs.fixture.test:${site.port}/job.html`);

    expect(document.body).toBe(html);
  });
});

describe('SafeFetcher enforces its limits', () => {
  let site: TestHttpServer;
  const traffic = { hugeBytesSent: 0, hugeFinished: Promise.resolve(), bombBytesProduced: 0, bombFinished: Promise.resolve() };
  const FIFTY_MB = 50 * MB;

  const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
    '/huge': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      traffic.hugeBytesSent = 0;
      traffic.hugeFinished = streamTo(res, filler(FIFTY_MB, 'a', (n) => { traffic.hugeBytesSent += n; }));
    },
    '/bomb': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
      traffic.bombBytesProduced = 0;
      // 1 GB of zeros compressed on the fly: about 1 MB on the wire, never built in memory.
      const zeros = filler(GB, '\0', (n) => { traffic.bombBytesProduced += n; });
      traffic.bombFinished = streamTo(res, zeros, zlib.createGzip({ level: 9 }));
    },
    '/says-huge': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': 50 * MB });
      res.write('<p>');
    },
    '/exactly-1000': (_req, res) => send(res, 200, { 'content-type': 'text/html' }, 'x'.repeat(1000)),
    '/1001': (_req, res) => send(res, 200, { 'content-type': 'text/html' }, 'x'.repeat(1001)),
    '/pdf': (_req, res) => send(res, 200, { 'content-type': 'application/pdf' }, '%PDF-1.7'),
    '/png': (_req, res) => send(res, 200, { 'content-type': 'image/png' }, Buffer.from([0x89, 0x50, 0x4e, 0x47])),
    '/octets': (_req, res) => send(res, 200, { 'content-type': 'application/octet-stream' }, 'binary'),
    '/untyped': (_req, res) => send(res, 200, {}, '<p>no type</p>'),
    '/zstd': (_req, res) => send(res, 200, { 'content-type': 'text/html', 'content-encoding': 'zstd' }, 'compressed'),
    '/silent': () => undefined,
    '/stalls': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<p>and then nothing');
    },
  };

  beforeAll(async () => {
    site = await startHttpServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://fixture').pathname;
      const status = /^\/status\/(\d+)$/.exec(path);
      if (status) return send(res, Number(status[1]), { 'content-type': 'text/html' }, '<p>error page</p>');
      return (routes[path] ?? ((_q, r) => send(r, 404, {})))(req, res);
    });
  });
  afterAll(() => site.close());

  function allowedFetcher(options: SafeFetcherOptions = {}): SafeFetcher {
    return new SafeFetcher({ allowPrivateHosts: ['127.0.0.1'], ...options });
  }

  /** A stream of `total` bytes of one character, produced as it is read, reporting each chunk. */
  function filler(total: number, character: string, onChunk: (bytes: number) => void): Readable {
    const chunk = Buffer.alloc(64 * 1024, character);
    let produced = 0;
    return new Readable({
      read() {
        if (produced >= total) return void this.push(null);
        produced += chunk.length;
        onChunk(chunk.length);
        this.push(chunk);
      },
    });
  }

  /** Pipes a body to a response and resolves when the response ends or the client goes away. */
  function streamTo(res: ServerResponse, source: Readable, transform?: zlib.Gzip): Promise<void> {
    return new Promise((resolve) => {
      if (transform) pipeline(source, transform, res, () => resolve());
      else pipeline(source, res, () => resolve());
    });
  }

  test('when a body streams 50 MB, then the fetch stops at the cap and the server sees the connection close early', async () => {
    const error = await fetchError(allowedFetcher().fetchDocument(`${site.url}/huge`));
    await traffic.hugeFinished;

    expect(error.code).toBe('FETCH_TOO_LARGE');
    expect(traffic.hugeBytesSent).toBeLessThan(FIFTY_MB);
  });

  test('when a gzip bomb inflates to 1 GB, then decompression stops at the cap and the server is cut off early', async () => {
    const error = await fetchError(allowedFetcher().fetchDocument(`${site.url}/bomb`));
    await traffic.bombFinished;

    expect(error.code).toBe('FETCH_TOO_LARGE');
    expect(traffic.bombBytesProduced).toBeLessThan(GB);
  });

  test('when the Content-Length is over the cap, then the fetch fails without waiting for the body', async () => {
    const error = await fetchError(allowedFetcher().fetchDocument(`${site.url}/says-huge`));

    expect(error.code).toBe('FETCH_TOO_LARGE');
    expect(error.details).toMatchObject({ contentLength: 50 * MB });
  });

  test('when the body is exactly the cap, then it is read; one byte more, then it is refused', async () => {
    const fetcher = allowedFetcher({ maxBytes: 1000 });

    const atCap = await fetcher.fetchDocument(`${site.url}/exactly-1000`);
    const overCap = await fetchError(fetcher.fetchDocument(`${site.url}/1001`));

    expect(atCap.body).toHaveLength(1000);
    expect(overCap.code).toBe('FETCH_TOO_LARGE');
  });

  test.each([
    ['a PDF', '/pdf', 'application/pdf'],
    ['a PNG image', '/png', 'image/png'],
    ['an octet stream', '/octets', 'application/octet-stream'],
    ['a response without a Content-Type', '/untyped', ''],
  ])('when the link serves %s, then it is refused with FETCH_UNSUPPORTED_CONTENT', async (_kind, path, contentType) => {
    const error = await fetchError(allowedFetcher().fetchDocument(`${site.url}${path}`));

    expect(error.code).toBe('FETCH_UNSUPPORTED_CONTENT');
    expect(error.details).toEqual({ contentType });
  });

  test('when the body uses a compression we did not ask for, then it is refused with FETCH_UNSUPPORTED_CONTENT', async () => {
    const error = await fetchError(allowedFetcher().fetchDocument(`${site.url}/zstd`));

    expect(error.code).toBe('FETCH_UNSUPPORTED_CONTENT');
    expect(error.details).toEqual({ contentEncoding: 'zstd' });
  });

  test('when a server accepts the connection but never answers, then the fetch fails with FETCH_TIMEOUT', async () => {
    const error = await fetchError(allowedFetcher({ totalTimeoutMs: 200 }).fetchDocument(`${site.url}/silent`));

    expect(error.code).toBe('FETCH_TIMEOUT');
    expect(error.details).toEqual({ phase: 'total' });
  });

  test('when a server sends headers and then stalls the body, then the fetch fails with FETCH_TIMEOUT', async () => {
    const error = await fetchError(allowedFetcher({ totalTimeoutMs: 200 }).fetchDocument(`${site.url}/stalls`));

    expect(error.code).toBe('FETCH_TIMEOUT');
  });

  test('when resolving and connecting takes longer than the connect time-out, then the fetch fails with FETCH_TIMEOUT', async () => {
    const fetcher = new SafeFetcher({ lookup: silentLookup(), connectTimeoutMs: 100, totalTimeoutMs: 5000 });

    const error = await fetchError(fetcher.fetchDocument('https://slow-dns.test/jobs'));

    expect(error.code).toBe('FETCH_TIMEOUT');
    expect(error.details).toMatchObject({ phase: 'connect' });
  });

  test.each([404, 410])('when the page answers %i, then the fetch fails with FETCH_NOT_FOUND', async (status) => {
    const error = await fetchError(allowedFetcher().fetchDocument(`${site.url}/status/${status}`));

    expect(error.code).toBe('FETCH_NOT_FOUND');
    expect(error.details.status).toBe(status);
  });

  test.each([403, 429, 500, 503, 999])('when the page answers %i, then the fetch fails with FETCH_HTTP_STATUS and the status in details', async (status) => {
    const error = await fetchError(allowedFetcher().fetchDocument(`${site.url}/status/${status}`));

    expect(error.code).toBe('FETCH_HTTP_STATUS');
    expect(error.details.status).toBe(status);
  });

  test('when nothing listens on the port, then the fetch fails with FETCH_NETWORK', async () => {
    const closed = await startHttpServer(() => undefined);
    await closed.close();

    const error = await fetchError(allowedFetcher().fetchDocument(`${closed.url}/`));

    expect(error.code).toBe('FETCH_NETWORK');
  });

  test('when the name does not exist, then the fetch fails with FETCH_DNS', async () => {
    const fetcher = new SafeFetcher({ lookup: fakeLookup({}) });

    const error = await fetchError(fetcher.fetchDocument('https://no-such-company.test/jobs'));

    expect(error.code).toBe('FETCH_DNS');
  });

  test('when one host is asked more often than the per-host limit, then the extra fetch is refused with FETCH_RATE_LIMITED', async () => {
    const fetcher = allowedFetcher({ perHostPerMinute: 2 });

    await fetcher.fetchDocument(`${site.url}/exactly-1000`);
    await fetcher.fetchDocument(`${site.url}/exactly-1000`);
    const error = await fetchError(fetcher.fetchDocument(`${site.url}/exactly-1000`));

    expect(error.code).toBe('FETCH_RATE_LIMITED');
  });

  test('when one caller key fetches from several hosts beyond the limit, then that key is limited and other keys are not', async () => {
    const lookup = fakeLookup({ 'a.fixture.test': ['127.0.0.1'], 'b.fixture.test': ['127.0.0.1'] });
    const fetcher = new SafeFetcher({ allowPrivateHosts: ['a.fixture.test', 'b.fixture.test'], lookup, perHostPerMinute: 2 });
    const a = `http://a.fixture.test:${site.port}/exactly-1000`;
    const b = `http://b.fixture.test:${site.port}/exactly-1000`;

    await fetcher.fetchDocument(a, { key: 'user-1' });
    await fetcher.fetchDocument(b, { key: 'user-1' });
    const limited = await fetchError(fetcher.fetchDocument(a, { key: 'user-1' }));
    const otherUser = await fetcher.fetchDocument(a, { key: 'user-2' });

    expect(limited.code).toBe('FETCH_RATE_LIMITED');
    expect(otherUser.status).toBe(200);
  });
});
