/**
 * WeChat protocol for the relay: message crypto, hardened XML, typed messages and component events,
 * the API client and its errors, component and Official Account calls, and token providers.
 * Imports only node builtins and fast-xml-parser; storage/ implements the ports in tokens/ports.ts.
 */
export * from './crypto/index.js';
export * from './xml/index.js';
export * from './messages/index.js';
export * from './component/index.js';
export * from './tokens/index.js';
export * from './api/index.js';
export * from './official-account/index.js';
