import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INetworkModule, NetworkRequestOptions } from '@azure/msal-node';
import { describe, expect, it } from 'vitest';
import { fetchNetworkModule, withLoginBase } from './network.js';

describe('msal network modules', () => {
  it('withLoginBase rewrites only the Entra ID hosts, keeping path, query, headers and body', async () => {
    const calls: [string, string, NetworkRequestOptions | undefined][] = [];
    const inner: INetworkModule = {
      sendGetRequestAsync: async (url, options) => (calls.push(['GET', url, options]), { status: 200, headers: {}, body: {} as never }),
      sendPostRequestAsync: async (url, options) => (calls.push(['POST', url, options]), { status: 200, headers: {}, body: {} as never }),
    };
    const network = withLoginBase(inner, ['login.microsoftonline.com', 'login.partner.microsoftonline.cn'], 'http://127.0.0.1:7072/aad/');
    const options = { body: 'grant_type=client_credentials', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } };
    await network.sendPostRequestAsync('https://login.partner.microsoftonline.cn/t1/oauth2/v2.0/token?client-request-id=abc', options);
    await network.sendGetRequestAsync('https://LOGIN.microsoftonline.com/t1/v2.0/.well-known/openid-configuration');
    await network.sendGetRequestAsync('https://login.chinacloudapi.cn/t1/v2.0/.well-known/openid-configuration');
    expect(calls).toEqual([
      ['POST', 'http://127.0.0.1:7072/aad/t1/oauth2/v2.0/token?client-request-id=abc', options],
      ['GET', 'http://127.0.0.1:7072/aad/t1/v2.0/.well-known/openid-configuration', undefined],
      ['GET', 'https://login.chinacloudapi.cn/t1/v2.0/.well-known/openid-configuration', undefined],
    ]);
  });

  it('fetchNetworkModule: JSON answers as they are, other answers as an invalid_response error with the status', async () => {
    const server = createServer((req, res) => {
      if (req.url === '/json') res.writeHead(400, { 'Content-Type': 'application/json', 'X-Ms-Request-Id': 'r1' }).end('{"error":"invalid_client"}');
      else res.writeHead(502, { 'Content-Type': 'text/html' }).end('<html>bad gateway</html>');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const network = fetchNetworkModule();
      expect(await network.sendPostRequestAsync(`${base}/json`, { body: 'x=1' })).toMatchObject({
        status: 400,
        body: { error: 'invalid_client' },
        headers: { 'x-ms-request-id': 'r1' },
      });
      expect(await network.sendGetRequestAsync(`${base}/html`)).toMatchObject({
        status: 502,
        body: { error: 'invalid_response', error_description: 'The token endpoint answered HTTP 502 without JSON.' },
      });
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
    // A port nobody listens on any more (a fresh one: a pooled keep-alive socket would fail as UND_ERR_SOCKET instead).
    const gone = createServer();
    await new Promise<void>((r) => gone.listen(0, '127.0.0.1', r));
    const port = (gone.address() as AddressInfo).port;
    await new Promise((r) => gone.close(r));
    await expect(fetchNetworkModule().sendGetRequestAsync(`http://127.0.0.1:${port}/json`)).rejects.toMatchObject({
      errorCode: 'token_endpoint_unreachable',
      errorMessage: `127.0.0.1:${port} could not be reached (ECONNREFUSED).`,
      networkCode: 'ECONNREFUSED',
    });
  });
});
