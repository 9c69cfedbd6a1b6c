/**
 * The @azure/functions classes the host constructs. The package is CommonJS bundled by webpack, so Node's ESM
 * loader cannot see its class exports as named imports (`import { HttpRequest } from '@azure/functions'` fails
 * under tsx/node, though bundlers and vitest accept it). Loading it with require works everywhere and returns
 * the same module instance the app gets.
 */
import { createRequire } from 'node:module';
import type * as AzureFunctions from '@azure/functions';

const azureFunctions = createRequire(import.meta.url)('@azure/functions') as typeof AzureFunctions;

export const HttpRequest = azureFunctions.HttpRequest;
export type HttpRequest = AzureFunctions.HttpRequest;
export const HttpResponse = azureFunctions.HttpResponse;
export type HttpResponse = AzureFunctions.HttpResponse;
export const InvocationContext = azureFunctions.InvocationContext;
export type InvocationContext = AzureFunctions.InvocationContext;
