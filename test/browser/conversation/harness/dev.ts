/**
 * The harness by hand: `npx tsx test/browser/conversation/harness/dev.ts` builds the control if needed, starts a
 * Dataverse emulator seeded with the every-type conversation and a 10,000-message one, serves the harness page,
 * and prints URLs to open in a browser. Ctrl+C stops it.
 */
import { Message } from '@wxm/solution/schema';
import { ensureControlBuilt } from '../support/control-build.js';
import { EVERY_TYPE, seedEveryType } from '../support/every-type.js';
import { addFollower, addMessage, startSeedOrg } from '../support/seed.js';
import { startHarness } from './server.js';

ensureControlBuilt();
const org = await startSeedOrg();
const now = Date.now();
const everyType = seedEveryType(org, now);
const long = addFollower(org, { name: 'Long Story', openid: 'oDevLongHistory' });
for (let n = 1; n <= 10_000; n++) {
  addMessage(org, long, now - (10_001 - n) * 60_000, {
    direction: n % 2 ? 'in' : 'out',
    type: 'Text',
    columns: { [Message.columns.Content]: `Message #${n}` },
  });
}
const harness = await startHarness({ serviceRoot: org.emulator.serviceRoot, token: org.token });
const url = (follower: string, name: string, lang: number, offset: number) =>
  `${harness.url}?follower=${follower}&name=${encodeURIComponent(name)}&lang=${lang}&offset=${offset}&height=900`;
console.log(`Every message type, English (New York time): ${url(everyType.followerId, EVERY_TYPE.name, 1033, -300)}`);
console.log(`Every message type, Chinese (Beijing time):  ${url(everyType.followerId, EVERY_TYPE.name, 2052, 480)}`);
console.log(`10,000 messages:                             ${url(long, 'Long Story', 1033, 0)}`);
console.log('No relay runs here: replies stay "Waiting to send" (test/browser/conversation/live-loop.test.ts has the live loop).');

const stop = async () => {
  await harness.close();
  await org.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
