/** The tables whose changes the relay's webhook steps report (see solution/webhooks). */
import { Menu, Message, OfficialAccount, SignedService } from '@wxm/solution/schema';

export const SIGNED_SERVICE_TABLE: string = SignedService.logicalName;
export const MESSAGE_TABLE: string = Message.logicalName;

/** The hint attribute carrying a client secret sealed with RELAY_SECRET_KEY (never the secret in clear). */
export const SEALED_SECRET = 'relay:sealedClientSecret';

/**
 * Tables whose Update hints are requests a form action stamped on the row (Update steps filtered on the request
 * columns, e.g. wxm_officialaccount's Check quota, Reset quota, Sync followers): queued, and the relay re-reads the
 * row to see what is asked. Append a table here when a form action of yours needs the relay.
 */
export const REQUEST_TABLES: readonly string[] = [OfficialAccount.logicalName, Menu.logicalName];
