// Loaded into the Prism child before Prism itself (`node --import prism-child.mjs prism-cli mock ...`).
// Two things Prism's command line cannot be told:
//
// 1. Die with the parent. The parent holds the write end of our stdin and never writes: when it
//    exits, however it exits (process.exit() without close(), a crash, SIGKILL), the pipe closes
//    and we follow, instead of serving on as an orphan.
// 2. Accept the bodies the gateway accepts. Prism reads request bodies with micri's json()/text()
//    and a hard-coded limit of 10 MB, under the mock's documented 32 MiB: we hand Prism's server a
//    view of micri whose readers use the gateway's limit (which the gateway enforces before
//    forwarding anything).
import Module from 'node:module';

process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();

const limit = Number(process.env.ZAPI_MOCK_BODY_LIMIT);
if (Number.isSafeInteger(limit) && limit > 0) {
  const load = Module._load;
  let raised;
  Module._load = function (request, parent, ...rest) {
    const exports = load.call(this, request, parent, ...rest);
    if (request !== 'micri' || !/[\\/]prism-http-server[\\/]/.test(parent?.filename ?? '')) return exports;
    // micri's exports are non-configurable getters: a Proxy is the way to give them other options.
    raised ??= new Proxy(exports, {
      get: (target, key) =>
        key === 'json' || key === 'text' ? (req, options) => target[key](req, { ...options, limit }) : Reflect.get(target, key),
    });
    return raised;
  };
}
