// The Postman collection of the REST API (Z-API's users live in Postman), converted from the
// bundled OpenAPI document by Postman's own openapi-to-postmanv2, then given the collection
// variables a user fills in once: baseUrl, instanceId, token, clientToken, partnerToken.
import Converter from 'openapi-to-postmanv2';

const OPTIONS = {
  folderStrategy: 'Tags',
  parametersResolution: 'Example',
  // Optional query parameters stay in the request, unticked: the user turns on the ones wanted.
  enableOptionalParameters: false,
  includeAuthInfoInExample: false,
};

/** Each collection variable, with the value a user starts from. */
export const POSTMAN_VARIABLES = {
  baseUrl: 'https://api.z-api.io',
  instanceId: 'YOUR_INSTANCE_ID',
  token: 'YOUR_INSTANCE_TOKEN',
  clientToken: 'YOUR_CLIENT_TOKEN',
  partnerToken: 'YOUR_PARTNER_TOKEN',
};

function convert(openapi) {
  return new Promise((resolve, reject) => {
    Converter.convertV2({ type: 'json', data: structuredClone(openapi) }, OPTIONS, (error, result) => {
      if (error) reject(error);
      else if (!result.result) reject(new Error(`openapi-to-postmanv2: ${result.reason}`));
      else resolve(result.output[0].data);
    });
  });
}

const toSpecPath = (segments) => `/${segments.map((s) => (s.startsWith(':') ? `{${s.slice(1)}}` : s)).join('/')}`;

/**
 * Points every request at the collection variables, and drops the random ids the converter makes
 * on every run (generate must recreate generated/ byte for byte).
 */
function finish(collection, operations) {
  const requests = [];
  const walk = (items) => {
    for (const item of items) {
      delete item.id;
      if (item.item) walk(item.item);
      else requests.push(item);
    }
  };
  walk(collection.item);
  for (const item of requests) {
    const { request } = item;
    for (const variable of request.url.variable ?? []) {
      if (variable.key === 'instanceId' || variable.key === 'token') variable.value = `{{${variable.key}}}`;
    }
    if (request.auth?.type === 'bearer') request.auth.bearer = [{ key: 'token', value: '{{partnerToken}}', type: 'string' }];
    // The converter reads an example whose object has a `value` key (`{"value": true}`, the body of
    // every on/off setting) as an Example Object and sends `true`: use the documented example as is.
    const path = toSpecPath(request.url.path);
    const method = request.method.toLowerCase();
    const example = operations.find((o) => o.path === path && o.method === method)?.body.example;
    if (example !== undefined && request.body?.mode === 'raw') request.body.raw = JSON.stringify(example, null, 2);
    for (const response of item.response ?? []) delete response.id;
  }
  collection.auth = {
    type: 'apikey',
    apikey: [
      { key: 'key', value: 'Client-Token', type: 'string' },
      { key: 'value', value: '{{clientToken}}', type: 'string' },
      { key: 'in', value: 'header', type: 'string' },
    ],
  };
  collection.variable = Object.entries(POSTMAN_VARIABLES).map(([key, value]) => ({ key, value, type: 'string' }));
  delete collection.info._postman_id;
  return collection;
}

/** The collection of `openapi`, with each request's body the documented example of the operation model. */
export async function generatePostmanCollection(openapi, operations) {
  return finish(await convert(openapi), operations);
}
