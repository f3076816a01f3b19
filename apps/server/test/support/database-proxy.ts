import net from 'node:net';

/**
 * What happens to a new connection:
 * - `forward`: passed through to the database;
 * - `silent`: accepted, and never answered (a database that hangs, or a firewall that drops packets);
 * - `refuse`: nothing listens on the port, so connecting is refused (the database is down);
 * - `full`: answered as PostgreSQL answers when `max_connections` is reached (SQLSTATE 53300).
 */
export type ProxyMode = 'forward' | 'silent' | 'refuse' | 'full';

/** A TCP proxy between the app and the test database, to make the database fail in the ways it fails in production. */
export interface DatabaseProxy {
  /** `host:port` to connect to instead of the database. */
  readonly address: string;
  setMode(mode: ProxyMode): Promise<void>;
  /** Closes every open connection, as a restarted database or a cut network does. */
  cut(): void;
  /** Open connections stay open, but from now on nothing passes on them either way (a network path gone dark). */
  stall(): void;
  close(): Promise<void>;
}

interface Link {
  client: net.Socket;
  upstream?: net.Socket;
  stalled: boolean;
}

export async function startDatabaseProxy(target: { host: string; port: number }): Promise<DatabaseProxy> {
  const links = new Set<Link>();
  let mode: ProxyMode = 'forward';

  const drop = (link: Link) => {
    links.delete(link);
    link.client.destroy();
    link.upstream?.destroy();
  };

  const accept = (client: net.Socket) => {
    const link: Link = { client, stalled: false };
    links.add(link);
    client.on('error', () => drop(link));
    client.on('close', () => drop(link));
    if (mode === 'silent') {
      client.on('data', () => undefined);
      return;
    }
    if (mode === 'full') {
      client.once('data', () => client.end(tooManyConnections()));
      return;
    }
    const upstream = net.connect(target.port, target.host);
    link.upstream = upstream;
    upstream.on('error', () => drop(link));
    upstream.on('close', () => drop(link));
    client.on('data', (chunk: Buffer) => {
      if (!link.stalled) upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!link.stalled) client.write(chunk);
    });
  };

  let server = net.createServer(accept);
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
    });
  const port = await listen(0);

  return {
    address: `127.0.0.1:${port}`,
    async setMode(next) {
      if (next === 'refuse' && mode !== 'refuse') {
        // close() stops listening at once; its callback would wait for the open connections, so it is not awaited.
        server.close();
      }
      if (next !== 'refuse' && mode === 'refuse') {
        server = net.createServer(accept);
        await listen(port);
      }
      mode = next;
    },
    cut() {
      for (const link of [...links]) drop(link);
    },
    stall() {
      for (const link of links) link.stalled = true;
    },
    async close() {
      for (const link of [...links]) drop(link);
      if (mode !== 'refuse') await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The ErrorResponse PostgreSQL sends to a start-up message when every connection slot is taken. */
function tooManyConnections(): Buffer {
  const fields = [
    ['S', 'FATAL'],
    ['V', 'FATAL'],
    ['C', '53300'],
    ['M', 'sorry, too many clients already'],
  ];
  const body = Buffer.concat([...fields.map(([type, text]) => Buffer.from(`${type}${text}\0`, 'utf8')), Buffer.from([0])]);
  const header = Buffer.alloc(5);
  header.write('E', 0, 'ascii');
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}
