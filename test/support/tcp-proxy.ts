/**
 * A TCP proxy for fault tests: forwards bytes to a target until `freeze()`, then holds them (connections stay
 * open, new ones are accepted, nothing reaches either side), as a storage account that stops answering does.
 * `thaw()` lets the held bytes through. `frozenConnectionString` points every endpoint of an Azure Storage
 * connection string at its own proxy.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  freeze(): void;
  thaw(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  let frozen = false;
  const pipes = new Set<{ flush(): void; destroy(): void }>();
  const server: Server = createServer((client) => {
    const upstream = connect({ host: targetHost, port: targetPort });
    const held: [Socket, Buffer][] = [];
    const forward = (to: Socket) => (chunk: Buffer) => (frozen ? held.push([to, chunk]) : to.write(chunk));
    client.on('data', forward(upstream));
    upstream.on('data', forward(client));
    const pipe = {
      flush: () => held.splice(0).forEach(([to, chunk]) => to.write(chunk)),
      destroy: () => (client.destroy(), upstream.destroy()),
    };
    pipes.add(pipe);
    const end = () => (pipe.destroy(), pipes.delete(pipe));
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    freeze: () => void (frozen = true),
    thaw: () => {
      frozen = false;
      for (const pipe of pipes) pipe.flush();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const pipe of pipes) pipe.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Proxies for the Blob, Queue and Table endpoints of `connectionString`, and the string that uses them. */
export async function proxiedStorage(
  connectionString: string,
): Promise<{ connectionString: string; proxies: TcpProxy[]; freeze(): void; thaw(): void; close(): Promise<void> }> {
  const proxies: TcpProxy[] = [];
  const parts: string[] = [];
  for (const part of connectionString.split(';')) {
    const endpoint = /^(Blob|Queue|Table)Endpoint=http:\/\/127\.0\.0\.1:(\d+)(\/.*)?$/.exec(part);
    if (!endpoint) {
      parts.push(part);
      continue;
    }
    const proxy = await startTcpProxy(Number(endpoint[2]));
    proxies.push(proxy);
    parts.push(`${endpoint[1]}Endpoint=http://127.0.0.1:${proxy.port}${endpoint[3] ?? ''}`);
  }
  if (proxies.length !== 3) throw new Error('proxiedStorage needs explicit http://127.0.0.1 Blob, Queue and Table endpoints');
  return {
    connectionString: parts.join(';'),
    proxies,
    freeze: () => proxies.forEach((p) => p.freeze()),
    thaw: () => proxies.forEach((p) => p.thaw()),
    close: async () => void (await Promise.all(proxies.map((p) => p.close()))),
  };
}
