/** Typed parsing of control-API JSON bodies: bad input is a SimInputError (HTTP 400) naming the field. */
import { SimInputError } from '../errors.js';
import type { PushInput, SimAccountInit } from '../types.js';

type Json = Record<string, unknown>;

export function str(body: Json, name: string, required: true): string;
export function str(body: Json, name: string, required?: false): string | undefined;
export function str(body: Json, name: string, required = false): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) {
    if (required) throw new SimInputError(`${name} is required`);
    return undefined;
  }
  if (typeof value !== 'string') throw new SimInputError(`${name} must be a string`);
  return value;
}

export function num(body: Json, name: string, required: true): number;
export function num(body: Json, name: string, required?: false): number | undefined;
export function num(body: Json, name: string, required = false): number | undefined {
  const value = body[name];
  if (value === undefined || value === null) {
    if (required) throw new SimInputError(`${name} is required`);
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new SimInputError(`${name} must be a number`);
  return value;
}

export function intList(body: Json, name: string): number[] | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((v) => Number.isInteger(v))) throw new SimInputError(`${name} must be an array of integers`);
  return value as number[];
}

const PUSH_STRINGS = [
  'content',
  'event',
  'eventKey',
  'ticket',
  'msgId',
  'mediaId',
  'picUrl',
  'format',
  'recognition',
  'thumbMediaId',
  'label',
  'title',
  'description',
  'url',
] as const;
const PUSH_NUMBERS = ['locationX', 'locationY', 'scale', 'latitude', 'longitude', 'precision', 'createTime', 'repeat'] as const;
const MSG_TYPES = new Set(['text', 'image', 'voice', 'video', 'shortvideo', 'location', 'link', 'event']);

export function parsePushInput(body: Json): PushInput {
  const msgType = str(body, 'msgType', true);
  if (!MSG_TYPES.has(msgType)) throw new SimInputError(`msgType must be one of ${[...MSG_TYPES].join(', ')}`);
  const input: Record<string, unknown> = { appid: str(body, 'appid', true), openid: str(body, 'openid', true), msgType };
  for (const name of PUSH_STRINGS) {
    const value = str(body, name);
    if (value !== undefined) input[name] = value;
  }
  for (const name of PUSH_NUMBERS) {
    const value = num(body, name);
    if (value !== undefined) input[name] = value;
  }
  if (body.extra !== undefined) {
    const extra = body.extra;
    if (typeof extra !== 'object' || extra === null || Array.isArray(extra)) throw new SimInputError('extra must be an object');
    if (!Object.values(extra).every((v) => typeof v === 'string' || typeof v === 'number')) throw new SimInputError('extra values must be strings or numbers');
    input.extra = extra;
  }
  return input as unknown as PushInput;
}

export function parseAccountInit(body: Json): SimAccountInit {
  const init: SimAccountInit = {
    appid: str(body, 'appid', true),
    originalId: str(body, 'originalId', true),
    nickName: str(body, 'nickName', true),
    serviceType: num(body, 'serviceType') ?? 2,
    verifyType: num(body, 'verifyType') ?? 0,
  };
  const scopes = intList(body, 'funcScopes');
  if (scopes) init.funcScopes = scopes;
  if (body.isMiniProgram !== undefined) {
    if (typeof body.isMiniProgram !== 'boolean') throw new SimInputError('isMiniProgram must be a boolean');
    init.isMiniProgram = body.isMiniProgram;
  }
  const principalName = str(body, 'principalName');
  if (principalName !== undefined) init.principalName = principalName;
  const alias = str(body, 'alias');
  if (alias !== undefined) init.alias = alias;
  return init;
}
