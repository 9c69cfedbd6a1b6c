import { describe, expect, it } from 'vitest';
import { json, scriptedFetch } from '@wxm/testkit/kit/wechat/api';
import { createWechatApiClient } from '../api/client.js';
import { WechatApiError } from '../api/errors.js';
import { createTemplateApi } from './template.js';

const token = { get: async () => 'TOKEN', invalidate: async () => undefined };
const apiWith = (fetch: ReturnType<typeof scriptedFetch>) => createTemplateApi(createWechatApiClient({ baseUrl: 'https://api.weixin.qq.com', fetch }));

describe('template API', () => {
  it('lists, adds from the library and deletes on the documented paths', async () => {
    const fetch = scriptedFetch(
      () =>
        json({
          template_list: [
            {
              template_id: 'iPk5sOIt5X_flOVKn5GrTFpncEYTojx6ddbt8WYoV5s',
              title: '订单发货通知',
              primary_industry: 'IT科技',
              deputy_industry: '互联网|电子商务',
              content: '订单号：{{character_string1.DATA}}\n快递公司：{{thing2.DATA}}',
              example: '订单号：SO-1\n快递公司：顺丰速运',
            },
          ],
        }),
      () => json({ errcode: 0, errmsg: 'ok', template_id: 'Doclyl5uP7Aciu-qZ7mJNPtWkbkYnWBWVja26EGbNyk' }),
      () => json({ errcode: 0, errmsg: 'ok' }),
    );
    const api = apiWith(fetch);
    expect(await api.listTemplates(token)).toEqual([
      {
        templateId: 'iPk5sOIt5X_flOVKn5GrTFpncEYTojx6ddbt8WYoV5s',
        title: '订单发货通知',
        primaryIndustry: 'IT科技',
        deputyIndustry: '互联网|电子商务',
        content: '订单号：{{character_string1.DATA}}\n快递公司：{{thing2.DATA}}',
        example: '订单号：SO-1\n快递公司：顺丰速运',
      },
    ]);
    expect(await api.addTemplate(token, ' OPENTM207498902 ', ['订单号', '快递公司'])).toBe('Doclyl5uP7Aciu-qZ7mJNPtWkbkYnWBWVja26EGbNyk');
    await api.deleteTemplate(token, 'Doclyl5uP7Aciu-qZ7mJNPtWkbkYnWBWVja26EGbNyk');
    expect(fetch.calls.map((c) => [c.method, c.url.pathname])).toEqual([
      ['GET', '/cgi-bin/template/get_all_private_template'],
      ['POST', '/cgi-bin/template/api_add_template'],
      ['POST', '/cgi-bin/template/del_private_template'],
    ]);
    expect(fetch.calls[1]?.body).toEqual({ template_id_short: 'OPENTM207498902', keyword_name_list: ['订单号', '快递公司'] });
    expect(fetch.calls[2]?.body).toEqual({ template_id: 'Doclyl5uP7Aciu-qZ7mJNPtWkbkYnWBWVja26EGbNyk' });
  });

  it('sends values as {value}, url, mini program and client_msg_id; answers the msgid as text', async () => {
    const fetch = scriptedFetch(() => json({ errcode: 0, errmsg: 'ok', msgid: 200228332 }));
    const msgid = await apiWith(fetch).send(token, {
      touser: 'oA',
      templateId: 'T1',
      data: { thing1: '已解决' },
      url: 'https://org.crm5.dynamics.com/main.aspx?etn=incident&id=1',
      miniprogram: { appid: 'wxmini0000000001', pagepath: 'pages/case?id=1' },
      clientMsgId: 'tm-1',
    });
    expect(msgid).toBe('200228332');
    expect(fetch.calls[0]?.body).toEqual({
      touser: 'oA',
      template_id: 'T1',
      data: { thing1: { value: '已解决' } },
      url: 'https://org.crm5.dynamics.com/main.aspx?etn=incident&id=1',
      miniprogram: { appid: 'wxmini0000000001', pagepath: 'pages/case?id=1' },
      client_msg_id: 'tm-1',
    });
  });

  it('refuses a bad client_msg_id or short id before the call and surfaces 40037', async () => {
    const fetch = scriptedFetch(() => json({ errcode: 40037, errmsg: 'invalid template_id' }));
    const api = apiWith(fetch);
    await expect(api.send(token, { touser: 'oA', templateId: 'T', data: {}, clientMsgId: 'x'.repeat(65) })).rejects.toThrow(
      'client_msg_id has 1–64 characters (got 65)',
    );
    await expect(api.addTemplate(token, ' ', [])).rejects.toThrow(RangeError);
    expect(fetch.calls).toHaveLength(0);
    const err = await api.send(token, { touser: 'oA', templateId: 'T', data: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WechatApiError);
    expect((err as WechatApiError).errcode).toBe(40037);
  });
});
