/**
 * A dynamics-web-api client of the Dataverse emulator signed in as one of its users (an admin registering steps, an
 * operator writing a reply), for tests of layers that may not import the package themselves.
 */
import { DynamicsWebApi } from 'dynamics-web-api';

export type WebApiClient = DynamicsWebApi;

export function webApiAs(dv: { url: string; issueToken(input: { clientId: string }): Promise<string> | string }, clientId: string): WebApiClient {
  return new DynamicsWebApi({ serverUrl: dv.url, dataApi: { version: '9.2' }, onTokenRefresh: async () => dv.issueToken({ clientId }) });
}
