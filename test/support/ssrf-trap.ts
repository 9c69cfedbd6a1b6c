/**
 * A loopback listener outside the relay's allow list: tests name it as an environment URL and assert it heard
 * nothing (the relay refused the host before any token request or connection).
 */
import { createServer } from 'node:net';

export interface SsrfTrap {
  url: string;
  port: number;
  /** TCP connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

export async function listenSsrfTrap(): Promise<SsrfTrap> {
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
