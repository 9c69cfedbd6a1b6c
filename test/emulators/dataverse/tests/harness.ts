/** Test helpers: an emulator per test file and a dynamics-web-api client configured exactly as the relay's. */
import { DynamicsWebApi } from 'dynamics-web-api';
import { startDataverseEmulator, type DataverseEmulator, type DataverseEmulatorOptions } from '../index.js';
import { fixtureSchema } from './fixture-schema.js';

export async function start(opts: DataverseEmulatorOptions = {}): Promise<DataverseEmulator> {
  return startDataverseEmulator({ schema: fixtureSchema, ...opts });
}

export function client(dv: DataverseEmulator, token: () => string = () => dv.issueToken()): DynamicsWebApi {
  return new DynamicsWebApi({ serverUrl: dv.url, dataApi: { version: '9.2' }, onTokenRefresh: async () => token() });
}

/** A raw Web API call, for what dynamics-web-api hides (status codes, headers). */
export async function call(
  dv: DataverseEmulator,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; json: any; text: string }> {
  const res = await fetch(`${dv.serviceRoot}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${dv.issueToken()}`,
      Accept: 'application/json',
      'OData-Version': '4.0',
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}

/** Rejection of a dynamics-web-api promise, for asserting on status and Dataverse's error code. */
export async function failure(p: Promise<unknown>): Promise<{ status: number; code: string; message: string; headers: Record<string, string> }> {
  try {
    await p;
  } catch (e) {
    return e as { status: number; code: string; message: string; headers: Record<string, string> };
  }
  throw new Error('expected the call to fail');
}
