/**
 * The sandbox's demo account gets a past for the Follower Analytics dashboard: the simulator's data cube answers
 * from follows and unfollows by day and source (test/emulators/wechat/apis/datacube-history.ts), and the demo's
 * generated followers all followed long ago. Two weeks of made-up but steady figures, the same on every start.
 */
import type { WechatSimulator } from '../../test/emulators/wechat/index.js';

const DAY_MS = 86_400_000;
const BEIJING_MS = 8 * 3_600_000;

export function seedDemoHistory(simulator: WechatSimulator, appid: string, now: number, days = 14): void {
  for (let d = 1; d <= days; d += 1) {
    const day = new Date(now + BEIJING_MS - d * DAY_MS).toISOString().slice(0, 10);
    simulator.recordFollowerHistory(appid, day, 1, { newUsers: 3 + (d % 4) }); // search
    simulator.recordFollowerHistory(appid, day, 30, { newUsers: 5 + ((d * 3) % 7) }); // QR codes
    simulator.recordFollowerHistory(appid, day, 17, { newUsers: d % 3 }); // profile cards
    simulator.recordFollowerHistory(appid, day, 0, { newUsers: 1, cancelUsers: 1 + (d % 2) }); // other
  }
}
