// A user's CommonJS program: require() of the three packages, the mock started in-process.
const { createZapiClient } = require('@zapi-kit/client');
const { parseWebhook, webhookKinds } = require('@zapi-kit/webhooks');
const { startMock } = require('@zapi-kit/mock');

(async () => {
  const mock = await startMock({ port: 0, clientToken: 'account-token-1' });
  try {
    const zapi = createZapiClient({ instanceId: 'I1', token: 'INSTANCETOKEN1', clientToken: 'account-token-1', baseUrl: mock.url });
    const status = await zapi.instance.getStatus();
    const event = parseWebhook({
      type: 'MessageStatusCallback',
      status: 'READ',
      ids: ['M1'],
      momment: 1708457193876,
      phone: '5511999999999',
      instanceId: 'I1',
      isGroup: false,
    });
    console.log(JSON.stringify({ connected: status.connected, event: event.name, kinds: webhookKinds.length }));
  } finally {
    await mock.close();
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
