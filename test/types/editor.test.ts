// What a user sees in the editor, asked of TypeScript's language service: the documented values of
// an open enumeration are offered as completions, and a property's description from the spec shows
// on hover, for webhook payloads and for client answers.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { root } from '../support/spec.js';

const FILE = path.join(root, 'test/types/__editor__.ts');
const SOURCE = `import { createWebhookDispatcher } from '../../packages/webhooks/src/index.js';
import { createZapiClient } from '../../packages/client/src/index.js';
createWebhookDispatcher().on('MessageStatusCallback', (event) => {
  if (event.payload.status === 'READ') return;
});
createWebhookDispatcher().on('ReceivedCallback.text', (event) => {
  void event.payload.text.message;
  void event.payload.chatLid;
});
const zapi = createZapiClient({ instanceId: 'I', token: 'T' });
void zapi.messages.sendText({ phone: '5511999999999', message: 'hi' }).then((sent) => sent.messageId);
`;

function languageService() {
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(root, 'tsconfig.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  )!;
  const files = [FILE, ...config.fileNames.filter((f) => f.includes('/packages/') && f.endsWith('index.ts'))];
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => files,
    getScriptVersion: () => '1',
    getScriptSnapshot: (name) => {
      const text = name === FILE ? SOURCE : ts.sys.fileExists(name) ? readFileSync(name, 'utf8') : undefined;
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => root,
    getCompilationSettings: () => config.options,
    getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
    fileExists: (name) => name === FILE || ts.sys.fileExists(name),
    readFile: (name) => (name === FILE ? SOURCE : ts.sys.readFile(name)),
  };
  return ts.createLanguageService(host);
}

const at = (needle: string, offset = 0) => SOURCE.indexOf(needle) + offset;
const service = languageService();
const hover = (needle: string, offset: number) => {
  const info = service.getQuickInfoAtPosition(FILE, at(needle, offset));
  return ts.displayPartsToString(info?.documentation ?? []);
};

describe('the editor', () => {
  it('completes the documented MessageStatusCallback statuses', () => {
    const completions = service.getCompletionsAtPosition(FILE, at("=== 'READ'", 5), {});
    const names = completions?.entries.map((e) => e.name) ?? [];
    expect(names).toEqual(expect.arrayContaining(['SENT', 'RECEIVED', 'READ', 'READ_BY_ME', 'PLAYED']));
  });

  it("shows the spec's description of a webhook payload property on hover", () => {
    expect(hover('text.message', 6)).toMatch(/\w{3,}/);
    expect(hover('payload.chatLid', 9)).toMatch(/LID/);
  });

  it("shows the spec's description of a client answer's property on hover", () => {
    expect(hover('sent.messageId', 6)).toMatch(/\w{3,}/);
  });

  it('finds no type error in the file it asked about', () => {
    const diagnostics = service.getSemanticDiagnostics(FILE).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
  });
});
