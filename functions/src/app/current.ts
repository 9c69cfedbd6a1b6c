/**
 * The relay instance the registered handlers use. Built lazily from process.env the first time (in Azure and
 * in the local host alike); tests install their own with `useRelay`.
 */
import { loadSettings } from '../config/settings.js';
import { createRelay, type Relay } from './relay.js';

let relay: Relay | undefined;

export function currentRelay(): Relay {
  relay ??= createRelay(loadSettings(process.env));
  return relay;
}

/** For tests and the sandbox: serve the handlers with a relay built elsewhere. */
export function useRelay(instance: Relay | undefined): void {
  relay = instance;
}
