/**
 * Which links the fetcher may open: the rules that need no network (scheme, credentials, port,
 * literal addresses) and the check of every address DNS returns, made at connect time.
 */
import type dns from 'node:dns';
import net from 'node:net';
import ipaddr from 'ipaddr.js';
import { AppError } from '../../errors';

/** A link that passed every rule that can be checked before connecting. */
export interface FetchTarget {
  url: URL;
  /** The host name or IP literal, lower-case, without brackets or a trailing dot. */
  host: string;
  /** True when the host is on the private allow-list: any address and any port. */
  allowPrivate: boolean;
}

const ALLOWED_SCHEMES = new Set(['http:', 'https:']);
const ALLOWED_PORTS = new Set([80, 443]);
const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

// Only global unicast (2000::/3) is public in IPv6; ipaddr.js calls some unassigned space 'unicast' too.
const IPV6_GLOBAL_UNICAST = ipaddr.parseCIDR('2000::/3');
// Deprecated IPv4-compatible addresses (::a.b.c.d) are not a range in ipaddr.js; they embed any IPv4.
const IPV6_IPV4_COMPATIBLE = ipaddr.parseCIDR('::/96');

/** Parses a link (relative links against `base`) and applies the rules that need no DNS; throws the AppError of the rule it breaks. */
export function checkTarget(input: string, allowPrivateHosts: ReadonlySet<string>, base?: URL): FetchTarget {
  const url = parseUrl(input, base);
  if (!ALLOWED_SCHEMES.has(url.protocol)) {
    throw new AppError('UNSUPPORTED_SCHEME', { details: { scheme: url.protocol.replace(/:$/, '') } });
  }
  const host = normalizeHost(url.hostname);
  if (url.username !== '' || url.password !== '') throw new AppError('FETCH_CREDENTIALS_IN_URL', { details: { host } });
  const allowPrivate = allowPrivateHosts.has(host);
  if (!allowPrivate) {
    assertPublicHost(host);
    assertStandardPort(url, host);
  }
  return { url, host, allowPrivate };
}

/** The allow-list as a set of normalised hosts; an entry that is not a host is a configuration bug. */
export function normalizeHostList(hosts: readonly string[]): Set<string> {
  return new Set(hosts.map((entry) => {
    const bracketed = net.isIPv6(entry) ? `[${entry}]` : entry.trim();
    if (!URL.canParse(`http://${bracketed}/`)) throw new Error(`allowPrivateHosts: "${entry}" is not a host name or IP address`);
    return normalizeHost(new URL(`http://${bracketed}/`).hostname);
  }));
}

/** True only for public unicast addresses; IPv4-mapped IPv6 is judged by the IPv4 inside it. */
export function isPublicAddress(address: string): boolean {
  const family = net.isIP(address.replace(/%.*$/, ''));
  if (family === 0) return false;
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv4') return parsed.range() === 'unicast';
  return isPublicIPv6(parsed as ipaddr.IPv6);
}

/**
 * Wraps a resolver so a connection can only be made to public addresses. Node calls it at connect
 * time, so the address checked is the address used: no gap for a DNS answer to change in between.
 */
export function publicOnlyLookup(resolve: typeof dns.lookup): net.LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '');
      // Every answer must be public: the connection may use any of them (happy eyeballs, retries).
      const refused = addresses.find((entry) => !isPublicAddress(entry.address));
      if (refused !== undefined || addresses.length === 0) {
        return callback(new AppError('FETCH_BLOCKED_ADDRESS', { details: { host: hostname, range: rangeOf(refused?.address) } }), '');
      }
      if (options.all) return callback(null, addresses);
      return callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

function parseUrl(input: string, base?: URL): URL {
  try {
    return new URL(input.trim(), base);
  } catch (error) {
    throw new AppError('BAD_URL', { cause: error });
  }
}

function normalizeHost(hostname: string): string {
  return hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.+$/, '');
}

function assertPublicHost(host: string): void {
  // Node skips the `lookup` hook for IP literals, so literals are checked here, before connecting.
  const isLiteral = net.isIP(host) !== 0;
  // RFC 6761: localhost names are loopback by definition, whatever a resolver says.
  const isLocalName = host === 'localhost' || host.endsWith('.localhost');
  if ((isLiteral && !isPublicAddress(host)) || isLocalName) {
    throw new AppError('FETCH_BLOCKED_ADDRESS', { details: { host, range: isLiteral ? rangeOf(host) : 'loopback' } });
  }
}

function assertStandardPort(url: URL, host: string): void {
  const port = url.port === '' ? DEFAULT_PORTS[url.protocol] : Number(url.port);
  if (!ALLOWED_PORTS.has(port)) throw new AppError('FETCH_BAD_PORT', { details: { host, port } });
}

function isPublicIPv6(address: ipaddr.IPv6): boolean {
  if (address.isIPv4MappedAddress()) return isPublicAddress(address.toIPv4Address().toString());
  if (address.match(IPV6_IPV4_COMPATIBLE)) return false;
  return address.match(IPV6_GLOBAL_UNICAST) && address.range() === 'unicast';
}

function rangeOf(address: string | undefined): string {
  if (address === undefined || net.isIP(address.replace(/%.*$/, '')) === 0) return 'none';
  return ipaddr.parse(address).range();
}
