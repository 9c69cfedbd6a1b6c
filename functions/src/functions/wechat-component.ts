/** POST /api/wechat/component — 授权事件接收URL (tickets and authorization changes). */
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { currentRelay } from '../app/current.js';
import { callbackErrorResponse, text } from './http-errors.js';
import { readCallbackBody } from './read-body.js';

export async function wechatComponent(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const relay = currentRelay();
  const logger = relay.logger(context);
  try {
    const body = await readCallbackBody(request);
    const answer = await relay.services.componentCallback(
      {
        timestamp: request.query.get('timestamp'),
        nonce: request.query.get('nonce'),
        msgSignature: request.query.get('msg_signature'),
        body,
      },
      logger,
    );
    return text(200, answer);
  } catch (err) {
    return callbackErrorResponse(err, logger, 'wechat/component');
  }
}

app.http('wechatComponent', { route: 'wechat/component', methods: ['POST'], authLevel: 'anonymous', handler: wechatComponent });
