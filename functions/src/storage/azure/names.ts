/**
 * Resource names. Table names: 3–63 alphanumeric characters starting with a letter
 * (https://learn.microsoft.com/rest/api/storageservices/understanding-the-table-service-data-model#table-names).
 * Queue and container names: 3–63 lower-case letters, digits and single hyphens
 * (https://learn.microsoft.com/rest/api/storageservices/naming-queues-and-metadata).
 * A `namePrefix` isolates test files sharing one Azurite; production runs use none.
 * Every table, container and queue the relay uses is named here and nowhere else; the queues' logical names are
 * the relay's `QUEUES` (the trigger registrations use them, and on Azure the queue is the one with that name).
 */
import { QUEUES } from '../../relay/envelope.js';
import { StorageError } from '../errors.js';

export interface StorageNames {
  tables: {
    tokens: string;
    verifyTickets: string;
    refreshTokens: string;
    authorizers: string;
    keyValues: string;
    signedServices: string;
    parkedDeliveries: string;
  };
  locksContainer: string;
  /** The physical names of the relay's queues (`QUEUES`), with the prefix. */
  queues: { inbound: string; tasks: string };
  /** The physical queue name for a logical one. */
  queue(name: string): string;
}

const PREFIX = /^[a-z][a-z0-9]{0,19}$/;
const QUEUE = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$/;

export function storageNames(namePrefix = ''): StorageNames {
  if (namePrefix !== '' && !PREFIX.test(namePrefix)) {
    throw new StorageError('invalid-config', 'namePrefix must be 1–20 lower-case letters/digits starting with a letter');
  }
  const table = (base: string) => `${namePrefix}${base}`;
  const dashed = (base: string) => (namePrefix ? `${namePrefix}-${base}` : base);
  return {
    tables: {
      tokens: table('WxmTokens'),
      verifyTickets: table('WxmVerifyTickets'),
      refreshTokens: table('WxmRefreshTokens'),
      authorizers: table('WxmAuthorizers'),
      keyValues: table('WxmKeyValues'),
      signedServices: table('WxmSignedServices'),
      parkedDeliveries: table('WxmParkedDeliveries'),
    },
    locksContainer: dashed('wxm-locks'),
    queues: { inbound: queue(QUEUES.inbound), tasks: queue(QUEUES.tasks) },
    queue,
  };

  function queue(name: string): string {
    const physical = dashed(name);
    if (!QUEUE.test(physical)) {
      throw new StorageError('invalid-config', `"${physical}" is not a valid queue name (3–63 of a-z, 0-9, single hyphens)`);
    }
    return physical;
  }
}
