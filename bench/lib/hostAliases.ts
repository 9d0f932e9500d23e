/**
 * More than one "site" for the local job pages: TCP forwarders on other loopback addresses (127.0.0.2, …,
 * all of 127/8 is loopback on Linux) to one server. The product reads at most 60 pages a minute from one
 * host (and the same per user), as it should; real users paste links from many sites, and so does the bench.
 */
import net from 'node:net';

/** Forwarders to one local server. */
export interface HostAliases {
  /** `http://127.0.0.<n>:<port>` base URLs, the original first. */
  baseUrls: string[];
  /** The host names, for FETCH_ALLOW_PRIVATE_HOSTS. */
  hosts: string[];
  close(): Promise<void>;
}

/** Starts `count - 1` forwarders to `127.0.0.1:port` (the original counts as the first alias). */
export async function startHostAliases(port: number, count: number): Promise<HostAliases> {
  const servers: net.Server[] = [];
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  const baseUrls = [`http://127.0.0.1:${port}`];
  const hosts = ['127.0.0.1'];
  for (let n = 2; n <= count; n += 1) {
    const host = `127.0.0.${n}`;
    const server = net.createServer((inbound) => {
      const outbound = net.connect(port, '127.0.0.1');
      track(inbound);
      track(outbound);
      inbound.pipe(outbound).pipe(inbound);
      inbound.on('error', () => outbound.destroy());
      outbound.on('error', () => inbound.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, host, () => resolve());
    });
    servers.push(server);
    baseUrls.push(`http://${host}:${(server.address() as net.AddressInfo).port}`);
    hosts.push(host);
  }
  return {
    baseUrls,
    hosts,
    async close() {
      for (const socket of sockets) socket.destroy();
      await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    },
  };
}
