// The mistakes integrators really make with Messages get a 4xx whose body names the fault. Each is
// also sent to Prism alone, behind the gateway, to measure the holes our ajv validation closes
// (stoplightio/prism#2574, #2575).
import { afterAll, describe, expect, inject, it } from 'vitest';

const prefix = '/instances/3C4A1B2D5E6F7A8B9C0D1E2F3A4B5C6D/token/F1E2D3C4B5A6978812345ABC';
const headers = { 'Client-Token': 'account-security-token-1', 'content-type': 'application/json' };
const passedPrism: string[] = [];

async function call(base: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${prefix}${path}`, { method, headers, ...(body !== undefined && { body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, error: (text.startsWith('{') ? (JSON.parse(text) as { error?: string }).error : text) ?? '' };
}

/** The mock refuses with `status` and every sentence in `reasons`; Prism alone is measured. */
async function refused(name: string, method: string, path: string, body: unknown, status: number, reasons: string[]) {
  const answer = await call(inject('mockUrl'), method, path, body);
  expect(answer.status, `${name}: ${answer.error}`).toBe(status);
  for (const reason of reasons) expect(answer.error).toContain(reason);
  const prism = await call(inject('prismUrl'), method, path, body);
  if (prism.status < 400) passedPrism.push(name);
}

afterAll(() => {
  console.log(
    `integrator mistakes Prism alone lets through (closed by the gateway): ${passedPrism.length} of 9: ${passedPrism.join(', ') || 'none'}`,
  );
});

describe('the mock refuses the mistakes integrators make', () => {
  it('lat/lng instead of latitude/longitude on send-location', async () => {
    await refused(
      'lat/lng',
      'POST',
      '/send-location',
      { phone: '5511999999999', title: 'Store', address: 'Av. Paulista, 1578', lat: '-23.56', lng: '-46.65' },
      400,
      ['body.lat is not a documented field', 'body.lng is not a documented field', 'body.latitude is missing'],
    );
  });

  it('buttons instead of buttonActions', async () => {
    await refused(
      'buttons',
      'POST',
      '/send-button-actions',
      { phone: '5511999999999', message: 'Pick one', buttons: [{ type: 'REPLY', label: 'Yes' }] },
      400,
      ['body.buttons is not a documented field', 'body.buttonActions is missing'],
    );
  });

  it('emoji instead of reaction on send-reaction', async () => {
    await refused('emoji', 'POST', '/send-reaction', { phone: '5511999999999', emoji: '👍', messageId: '3EB0796DC6B777C0C7CD' }, 400, [
      'body.emoji is not a documented field',
      'body.reaction is missing',
    ]);
  });

  it('a group addressed as ...@g.us', async () => {
    await refused('@g.us', 'POST', '/send-text', { phone: '120363019502650977@g.us', message: 'Hello group' }, 400, [
      'body.phone must be digits with country code',
      '"@g.us" and "@s.whatsapp.net" ids are WhatsApp Web\'s, not Z-API\'s',
    ]);
  });

  it('poll as an array of strings', async () => {
    await refused(
      'poll strings',
      'POST',
      '/send-poll',
      { phone: '5511999999999', message: 'Which day?', poll: ['Monday', 'Friday'] },
      400,
      ['body.poll.0 must be object', 'body.poll.1 must be object'],
    );
  });

  it('delayMessage: 20', async () => {
    await refused('delayMessage 20', 'POST', '/send-text', { phone: '5511999999999', message: 'Hi', delayMessage: 20 }, 400, [
      'body.delayMessage must be <= 15',
    ]);
  });

  it('a missing phone', async () => {
    await refused('missing phone', 'POST', '/send-image', { image: 'https://example.com/a.jpg' }, 400, ['body.phone is missing']);
  });

  it('/send-reaction-remove (the path is /send-remove-reaction)', async () => {
    await refused(
      '/send-reaction-remove',
      'POST',
      '/send-reaction-remove',
      { phone: '5511999999999', messageId: '3EB0796DC6B777C0C7CD' },
      404,
      ['sendRemoveReaction is POST /instances/{instanceId}/token/{token}/send-remove-reaction'],
    );
  });

  it('POST /delete-message (deleting is DELETE /messages with query parameters)', async () => {
    await refused('POST /delete-message', 'POST', '/delete-message', { phone: '5511999999999', messageId: '3EB0796DC6B777C0C7CD' }, 404, [
      'deleteMessage is DELETE /instances/{instanceId}/token/{token}/messages',
    ]);
  });
});

describe('more of what the Messages schemas refuse', () => {
  it('a CALL button without phone, a pin without duration, a base64 without data URI; limits Z-API does not state pass', async () => {
    const base = inject('mockUrl');
    // WhatsApp shows 3 buttons, but Z-API's docs state no limit: a fourth is described, not refused.
    const four = Array.from({ length: 4 }, (_, i) => ({ type: 'REPLY', label: `Option ${i}` }));
    expect((await call(base, 'POST', '/send-button-actions', { phone: '5511999999999', message: 'x', buttonActions: four })).status).toBe(
      200,
    );
    expect(
      (
        await call(base, 'POST', '/send-button-actions', {
          phone: '5511999999999',
          message: 'x',
          buttonActions: [{ type: 'CALL', label: 'Call' }],
        })
      ).status,
    ).toBe(400);
    expect((await call(base, 'POST', '/pin-message', { phone: '5511999999999', messageId: 'M1', messageAction: 'pin' })).error).toContain(
      'body.pinMessageDuration is missing',
    );
    expect((await call(base, 'POST', '/send-image', { phone: '5511999999999', image: 'iVBORw0KGgo=' })).error).toContain(
      'body.image must be an http(s) URL or a base64 data URI',
    );
    expect((await call(base, 'DELETE', '/messages?phone=5511999999999&messageId=M1')).error).toBe(
      'Invalid request: query.owner is missing',
    );
    // The docs say a page returns at most 30, not that a larger pageSize is refused.
    expect((await call(base, 'POST', '/queue', { pageSize: 31 })).status).toBe(200);
  });
});

describe('Chats and Contacts mistakes', () => {
  const base = () => inject('mockUrl');
  it('modify-chat with action "block" (blocking is contacts/modify-blocked)', async () => {
    const r = await call(base(), 'POST', '/modify-chat', { phone: '5511999999999', action: 'block' });
    expect(r.status).toBe(400);
    expect(r.error).toContain(
      'body.action must be one of "read", "unread", "archive", "unarchive", "pin", "unpin", "mute", "unmute", "clear", "delete"',
    );
  });

  it('POST /archive-chat and POST /mute-chat do not exist: the 404 names modify-chat', async () => {
    for (const path of ['/archive-chat', '/mute-chat']) {
      const r = await call(base(), 'POST', path, { phone: '5511999999999' });
      expect(r.status).toBe(404);
      expect(r.error).toContain('modifyChat is POST /instances/{instanceId}/token/{token}/modify-chat');
    }
  });

  it('phone-exists without a phone: the 404 names the path with the number', async () => {
    const r = await call(base(), 'GET', '/phone-exists');
    expect(r.status).toBe(404);
    expect(r.error).toContain('phoneExists is GET /instances/{instanceId}/token/{token}/phone-exists/{phone}');
  });

  it("GET /chat/{phone} (the docs' curl) names /chats/{phone}; a masked number is refused", async () => {
    expect((await call(base(), 'GET', '/chat/5511999999999')).error).toContain(
      'getChat is GET /instances/{instanceId}/token/{token}/chats/{phone}',
    );
    expect((await call(base(), 'GET', '/phone-exists/+55%2011%2099999-9999')).error).toContain(
      'path.phone must be a phone number with country code, digits only (5511999999999)',
    );
  });

  it('privacy settings refuse values of the other spelling, and read receipts need their query value', async () => {
    expect((await call(base(), 'POST', '/privacy/messages-duration?value=7_DAYS')).error).toBe(
      'Invalid request: query.value must be one of "hours24", "days7", "days90", "disable"',
    );
    expect((await call(base(), 'POST', '/privacy/read-receipts')).error).toBe('Invalid request: query.value is missing');
    expect((await call(base(), 'POST', '/mobile/registration-available', { she: '55', phone: '4499999999' })).error).toContain(
      'body.she is not a documented field',
    );
  });
});

describe('Groups, Communities and Newsletters mistakes', () => {
  const base = () => inject('mockUrl');
  it('update-group-members (a path integrators invent) names add-participant', async () => {
    const r = await call(base(), 'POST', '/update-group-members', { groupId: '120363019502650977-group', phones: ['5511999999999'] });
    expect(r.status).toBe(404);
    expect(r.error).toContain('addParticipant is POST /instances/{instanceId}/token/{token}/add-participant');
  });

  it('a @g.us group id is refused with what to send instead', async () => {
    const r = await call(base(), 'POST', '/add-participant', {
      groupId: '120363019502650977@g.us',
      phones: ['5511999999999'],
      autoInvite: true,
    });
    expect(r.status).toBe(400);
    expect(r.error).toContain('body.groupId must be a group id (120363019502650977-group); "@g.us" ids are WhatsApp Web\'s, not Z-API\'s');
    const path = await call(base(), 'GET', '/group-metadata/120363019502650977@g.us');
    expect(path.error).toContain('path.groupId must be a group id (120363019502650977-group)');
  });

  it("add-participant without autoInvite passes: the docs' own code sample leaves it out", async () => {
    const r = await call(base(), 'POST', '/add-participant', { groupId: '120363019502650977-group', phones: ['5511999999999'] });
    expect(r.status).toBe(200);
  });

  it('channel ids must end in @newsletter; update-group-settings takes the group id as phone or groupId, and one setting', async () => {
    expect((await call(base(), 'PUT', '/follow-newsletter', { id: '120363166555745933' })).error).toContain(
      'body.id must be a channel id ending in @newsletter',
    );
    for (const body of [
      { groupId: '120363019502650977-group', adminOnlyMessage: true },
      { phone: '120363019502650977-group', adminOnlyAddMember: false },
    ]) {
      expect((await call(base(), 'POST', '/update-group-settings', body)).status).toBe(200);
    }
    const neither = await call(base(), 'POST', '/update-group-settings', { adminOnlyMessage: true });
    expect(neither.error).toContain('body.phone is missing');
    expect(neither.error).toContain('body.groupId is missing');
  });
});

describe('Business mistakes', () => {
  const base = () => inject('mockUrl');
  it('three websites', async () => {
    const r = await call(base(), 'POST', '/business/company-websites', {
      websites: ['https://a.example', 'https://b.example', 'https://c.example'],
    });
    expect(r).toEqual({ status: 400, error: 'Invalid request: body.websites must NOT have more than 2 items' });
  });

  it('an invalid e-mail', async () => {
    const r = await call(base(), 'POST', '/business/company-email', { value: 'sales(at)example' });
    expect(r.status).toBe(400);
    expect(r.error).toContain('body.value must be a valid e-mail address, or empty to remove it');
    expect((await call(base(), 'POST', '/business/company-email', { value: '' })).status).toBe(201);
  });

  it('business hours with an unknown day, or a time that is not hh:mm', async () => {
    const r = await call(base(), 'POST', '/business/hours', {
      timezone: 'America/Sao_Paulo',
      mode: 'specificHours',
      days: [{ dayOfWeek: 'FUNDAY', openTime: '9am', closeTime: '18:00' }],
    });
    expect(r.status).toBe(400);
    expect(r.error).toContain(
      'body.days.0.dayOfWeek must be one of "SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY"',
    );
    expect(r.error).toContain('body.days.0.openTime must be a time as hh:mm (09:00)');
  });

  it("a product as the docs' code sample writes it (one image string, integrationId) passes; DELETE /product/{id} (the curl's path) is named", async () => {
    const product = {
      name: 'Sandals',
      price: '199',
      currency: 'BRL',
      images: 'https://example.com/s.jpg',
      integrationId: 'S1',
      isHidden: 'false',
    };
    expect((await call(base(), 'POST', '/products', product)).status).toBe(200);
    const noId = await call(base(), 'POST', '/products', {
      name: 'Sandals',
      price: 199,
      currency: 'BRL',
      images: ['https://example.com/s.jpg'],
    });
    expect(noId.error).toContain('body.retailerId is missing');
    expect((await call(base(), 'DELETE', '/product/4741575945866725')).error).toContain(
      'deleteProduct is DELETE /instances/{instanceId}/token/{token}/products/{productId}',
    );
  });
});
