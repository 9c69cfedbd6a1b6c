/**
 * The relay's entry point (package.json "main"): importing it registers every function with @azure/functions.
 * Settings are checked here, at start-up, so a missing or malformed one stops the app with its name instead
 * of failing inside a handler later.
 */
import { currentRelay } from './app/current.js';
import './functions/dataverse-webhook.js';
import './functions/deliver-inbound.js';
import './functions/health.js';
import './functions/relay-tasks.js';
import './functions/signed-service-status.js';
import './functions/token-refresh.js';
import './functions/wechat-account-callback.js';
import './functions/wechat-authorize-callback.js';
import './functions/wechat-authorize.js';
import './functions/wechat-component.js';
import './functions/follower-sync.js';
import './functions/audience-sync.js';
import './functions/analytics-daily.js';
import './functions/broadcast-schedule.js';
import './functions/wechat-oauth-callback.js';
import './functions/wechat-oauth.js';

currentRelay();
