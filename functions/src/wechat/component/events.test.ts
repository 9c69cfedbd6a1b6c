import { describe, expect, it } from 'vitest';
import { WechatMessageError } from '../messages/errors.js';
import { parseComponentEvent } from './events.js';

describe('parseComponentEvent', () => {
  it('component_verify_ticket (the documented payload)', () => {
    const xml =
      '<xml><AppId>some_appid</AppId><CreateTime>1413192605</CreateTime><InfoType>component_verify_ticket</InfoType><ComponentVerifyTicket>some_verify_ticket</ComponentVerifyTicket></xml>';
    expect(parseComponentEvent(xml)).toEqual({
      infoType: 'component_verify_ticket',
      appId: 'some_appid',
      createTime: 1413192605,
      ticket: 'some_verify_ticket',
      raw: xml,
    });
  });

  it.each(['authorized', 'updateauthorized'] as const)('%s', (infoType) => {
    const xml = `<xml><AppId>wxc</AppId><CreateTime>1413192760</CreateTime><InfoType>${infoType}</InfoType><AuthorizerAppid>wxa</AuthorizerAppid><AuthorizationCode>queryauthcode@@@abc</AuthorizationCode><AuthorizationCodeExpiredTime>1413196360</AuthorizationCodeExpiredTime><PreAuthCode>preauthcode@@@x</PreAuthCode></xml>`;
    expect(parseComponentEvent(xml)).toEqual({
      infoType,
      appId: 'wxc',
      createTime: 1413192760,
      authorizerAppid: 'wxa',
      authorizationCode: 'queryauthcode@@@abc',
      authorizationCodeExpiredTime: 1413196360,
      preAuthCode: 'preauthcode@@@x',
      raw: xml,
    });
  });

  it('unauthorized', () => {
    const xml = '<xml><AppId>wxc</AppId><CreateTime>1413192760</CreateTime><InfoType>unauthorized</InfoType><AuthorizerAppid>wxa</AuthorizerAppid></xml>';
    expect(parseComponentEvent(xml)).toEqual({ infoType: 'unauthorized', appId: 'wxc', createTime: 1413192760, authorizerAppid: 'wxa', raw: xml });
  });

  it('an unknown InfoType keeps the original name, fields and raw', () => {
    const xml = '<xml><AppId>wxc</AppId><CreateTime>1</CreateTime><InfoType>notify_third_fasteregister</InfoType><status>0</status></xml>';
    expect(parseComponentEvent(xml)).toEqual({
      infoType: 'unknown',
      rawInfoType: 'notify_third_fasteregister',
      appId: 'wxc',
      createTime: 1,
      raw: xml,
      fields: { AppId: 'wxc', CreateTime: '1', InfoType: 'notify_third_fasteregister', status: '0' },
    });
  });

  it('refuses a ticket push without a ticket, and a non-numeric CreateTime', () => {
    expect(() => parseComponentEvent('<xml><AppId>a</AppId><CreateTime>1</CreateTime><InfoType>component_verify_ticket</InfoType></xml>')).toThrow(
      WechatMessageError,
    );
    expect(() =>
      parseComponentEvent('<xml><AppId>a</AppId><CreateTime>soon</CreateTime><InfoType>unauthorized</InfoType><AuthorizerAppid>b</AuthorizerAppid></xml>'),
    ).toThrow(/CreateTime/);
  });
});
