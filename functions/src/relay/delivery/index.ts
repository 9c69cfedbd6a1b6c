/** The delivery worker: WeChat messages and events of bound accounts → the customer's Dataverse. */
export { deliverInbound, DEFAULT_DELIVERY_OPTIONS, type DeliverInboundDeps, type DeliveryOptions, type DeliveryOutcome } from './deliver-inbound.js';
export { DeliveryLanes, DEFAULT_TUNING, type DeliveryTuning, type OrgLane } from './lanes.js';
export { requeueParked, type RequeueParkedDeps } from './requeue-parked.js';
export { InvalidEnvelope, MediaUnavailable } from './errors.js';
export { parseEnvelope } from './envelope-check.js';
export type { FollowerProfile, FollowerProfiles, MediaFile, ParkedDeliveries, WechatMediaSource } from './ports.js';
