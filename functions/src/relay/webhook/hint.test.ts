/**
 * The webhook body read as a hint, from contexts built by the Dataverse emulator's own RemoteExecutionContext writer
 * (the shape of Microsoft's sample): row messages as before, and Associate / Disassociate with Target, Relationship
 * and RelatedEntities. Malformed pairing contexts are CallbackRejected (400), never a TypeError.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { schema } from '@wxm/solution/schema';
import { Metadata } from '../../../../test/emulators/dataverse/metadata.js';
import { buildContext, serializeContext } from '../../../../test/emulators/dataverse/webhooks/context.js';
import type { RowEvent } from '../../../../test/emulators/dataverse/api/types.js';
import { CallbackRejected } from '../errors.js';
import { MAX_RELATED_ENTITIES, parseHint } from './hint.js';

const meta = new Metadata(schema);
const org = { id: randomUUID(), name: 'contoso', businessUnitId: randomUUID(), domain: 'contoso.crm.dynamics.com' };
const step = { id: randomUUID(), name: 'wxm relay', stage: 40, mode: 1 };
const user = randomUUID().toUpperCase();

function body(table: string, event: Omit<RowEvent, 'table' | 'userId' | 'at'>): string {
  return serializeContext(buildContext(meta.tables.get(table)!, { ...event, table, userId: user, at: 1_700_000_000_000 }, 1, step, org, randomUUID()));
}

const follower = randomUUID();
const tags = [randomUUID(), randomUUID()];

describe('parseHint', () => {
  it('reads an Associate: the Target row, the relationship and every related row, with who initiated it', () => {
    const hint = parseHint(
      body('wxm_follower', {
        message: 'Associate',
        id: follower.toUpperCase(),
        attributes: {},
        relationship: 'wxm_follower_wxm_tag',
        related: tags.map((id) => ({ id: id.toUpperCase(), table: 'wxm_tag' })),
      }),
    );
    expect(hint).toEqual({
      message: 'Associate',
      table: 'wxm_follower',
      rowId: follower,
      organizationId: org.id,
      attributes: {},
      pairing: { relationship: 'wxm_follower_wxm_tag', related: tags.map((id) => ({ id, table: 'wxm_tag' })) },
      initiatingUserId: user.toLowerCase(),
    });
  });

  it('reads a Disassociate made from the tag side', () => {
    const hint = parseHint(
      body('wxm_tag', {
        message: 'Disassociate',
        id: tags[0]!,
        attributes: {},
        relationship: 'wxm_follower_wxm_tag',
        related: [{ id: follower, table: 'wxm_follower' }],
      }),
    );
    expect(hint).toMatchObject({ message: 'Disassociate', table: 'wxm_tag', rowId: tags[0], pairing: { related: [{ id: follower, table: 'wxm_follower' }] } });
  });

  it('still reads row messages, now with the initiating user', () => {
    const hint = parseHint(body('wxm_tag', { message: 'Create', id: tags[1]!, attributes: { wxm_name: 'VIP' } }));
    expect(hint).toEqual({
      message: 'Create',
      table: 'wxm_tag',
      rowId: tags[1],
      organizationId: org.id,
      attributes: { wxm_name: 'VIP' },
      initiatingUserId: user.toLowerCase(),
    });
  });

  const pairing = () =>
    JSON.parse(
      body('wxm_follower', {
        message: 'Associate',
        id: follower,
        attributes: {},
        relationship: 'wxm_follower_wxm_tag',
        related: [{ id: tags[0]!, table: 'wxm_tag' }],
      }),
    );
  const input = (ctx: any, key: string) => ctx.InputParameters.find((p: any) => p.key === key);

  it.each([
    ['no Target', (ctx: any) => (ctx.InputParameters = ctx.InputParameters.filter((p: any) => p.key !== 'Target')), 'Target is not an entity reference'],
    ['a Target without an id', (ctx: any) => (input(ctx, 'Target').value.Id = 'x'), 'Target is not an entity reference'],
    ['no Relationship', (ctx: any) => (input(ctx, 'Relationship').value = null), 'Relationship missing'],
    ['no related rows', (ctx: any) => (input(ctx, 'RelatedEntities').value = []), 'RelatedEntities missing'],
    ['a related row that is not a reference', (ctx: any) => (input(ctx, 'RelatedEntities').value = [42]), 'RelatedEntities[0] is not an entity reference'],
    ['InputParameters not an array', (ctx: any) => (ctx.InputParameters = {}), 'InputParameters is not an array'],
    ['no organization', (ctx: any) => delete ctx.OrganizationId, 'OrganizationId missing'],
  ])('refuses a pairing with %s (400)', (_name, spoil, detail) => {
    const ctx = pairing();
    spoil(ctx);
    expect(() => parseHint(JSON.stringify(ctx))).toThrow(CallbackRejected);
    expect(() => parseHint(JSON.stringify(ctx))).toThrow(detail);
  });

  it(`refuses more than ${MAX_RELATED_ENTITIES} related rows`, () => {
    const ctx = pairing();
    const one = input(ctx, 'RelatedEntities').value[0];
    input(ctx, 'RelatedEntities').value = Array.from({ length: MAX_RELATED_ENTITIES + 1 }, () => ({ ...one, Id: randomUUID() }));
    expect(() => parseHint(JSON.stringify(ctx))).toThrow(`more than ${MAX_RELATED_ENTITIES} RelatedEntities`);
  });

  it('still refuses messages it does not know', () => {
    const ctx = pairing();
    ctx.MessageName = 'Merge';
    expect(() => parseHint(JSON.stringify(ctx))).toThrow('unsupported MessageName Merge');
  });
});
