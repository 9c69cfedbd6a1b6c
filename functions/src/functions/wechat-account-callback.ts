/** GET|POST /api/wechat/accounts/{appid}/callback — 消息与事件接收URL ($APPID$ is filled in by WeChat). */
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { currentRelay } from '../app/current.js';
import { callbackErrorResponse, text } from './http-errors.js';
import { readCallbackBody } from './read-body.js';

export async function wechatAccountCallback(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const relay = currentRelay();
  const logger = relay.logger(context);
  const appid = request.params.appid ?? '';
  try {
    if (request.method === 'GET') {
      return text(
        200,
        relay.services.verifyUrl({
          signature: request.query.get('signature'),
          timestamp: request.query.get('timestamp'),
          nonce: request.query.get('nonce'),
          echostr: request.query.get('echostr'),
        }),
      );
    }
    const result = await relay.services.accountCallback(
      appid,
      {
        timestamp: request.query.get('timestamp'),
        nonce: request.query.get('nonce'),
        msgSignature: request.query.get('msg_signature'),
        body: await readCallbackBody(request),
      },
      logger,
    );
    return { status: 200, body: result.body, headers: { 'content-type': `${result.contentType}; charset=utf-8` } };
  } catch (err) {
    return callbackErrorResponse(err, logger, 'wechat/accounts/{appid}/callback');
  }
}

app.http('wechatAccountCallback', {
  route: 'wechat/accounts/{appid}/callback',
  methods: ['GET', 'POST'],
  authLevel: 'anonymous',
  handler: wechatAccountCallback,
});
