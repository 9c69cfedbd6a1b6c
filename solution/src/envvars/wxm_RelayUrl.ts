/** Base URL of the relay; web resources build the authorize link from it. Set per environment. */
import { label } from '../dsl/labels.js';
import type { EnvironmentVariableDef } from '../dsl/types-components.js';

const relayUrl: EnvironmentVariableDef = {
  schemaName: 'wxm_RelayUrl',
  displayName: label('Wechat Marketing Relay URL', '微信营销中继服务地址'),
  description: label(
    'Base URL of the Wechat Marketing relay, e.g. https://relay.example.com (no trailing slash).',
    '微信营销中继服务的基础地址，例如 https://relay.example.com（末尾不带斜杠）。',
  ),
  type: 'String',
  isRequired: false,
};

export default relayUrl;
