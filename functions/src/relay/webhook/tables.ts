/** The tables whose changes the relay's webhook steps report (see solution/webhooks). */
import { Message, SignedService } from '@wxm/solution/schema';

export const SIGNED_SERVICE_TABLE: string = SignedService.logicalName;
export const MESSAGE_TABLE: string = Message.logicalName;

/** The hint attribute carrying a client secret sealed with RELAY_SECRET_KEY (never the secret in clear). */
export const SEALED_SECRET = 'relay:sealedClientSecret';
