import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { OpenApiDocument } from '../../src/core/spec.js';
import { ROOT } from './apis.js';
import { applyOverlays, parseOverlay } from './overlay.js';

const scratch = join(ROOT, '.tmp', `overlay-test-${process.pid}`);
mkdirSync(scratch, { recursive: true });
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const spec: OpenApiDocument = {
  openapi: '3.1.0',
  info: { title: 't', version: '1' },
  paths: {},
  components: { schemas: { Answer: { type: 'object', properties: { status: { type: 'string', enum: ['ok', 'error'] } } } } },
};

function overlayFile(name: string, actions: string): string {
  const file = join(scratch, name);
  writeFileSync(file, `overlay: 1.0.0\ninfo: { title: test, version: 1.0.0 }\nactions:\n${actions}`);
  return file;
}

const schema = (document: OpenApiDocument) => (document['components'] as { schemas: { Answer: { properties: Record<string, { enum?: string[] }> } } }).schemas.Answer;

describe('applyOverlays', () => {
  it('adds a field, in order over several files, without touching the input', async () => {
    const first = overlayFile('add.yaml', '  - target: $.components.schemas.Answer.properties\n    update:\n      risk_score: { type: number }\n');
    const second = overlayFile('add2.yaml', '  - target: $.components.schemas.Answer.properties.risk_score\n    update: { minimum: 0 }\n');
    const result = await applyOverlays(spec, [first, second], "test's spec");
    expect(schema(result).properties['risk_score']).toEqual({ type: 'number', minimum: 0 });
    expect(schema(spec).properties['risk_score']).toBeUndefined();
  });

  it('appends to an array on update; replacing an enum takes remove first (the documented example)', async () => {
    const appended = await applyOverlays(spec, [overlayFile('enum-append.yaml', '  - target: $.components.schemas.Answer.properties.status.enum\n    update: [pending]\n')], 's');
    expect(schema(appended).properties['status']!.enum).toEqual(['ok', 'error', 'pending']);
    const replaced = await applyOverlays(
      spec,
      [
        overlayFile(
          'enum-replace.yaml',
          '  - target: $.components.schemas.Answer.properties.status.enum\n    remove: true\n  - target: $.components.schemas.Answer.properties.status\n    update: { enum: [pending, done] }\n',
        ),
      ],
      's',
    );
    expect(schema(replaced).properties['status']!.enum).toEqual(['pending', 'done']);
  });

  it('fails naming the file, the action and its target when a target matches nothing', async () => {
    const file = overlayFile('stale.yaml', '  - target: $.components.schemas.Answer.properties\n    update: { a: { type: string } }\n  - target: $.components.schemas.Gone.properties\n    update: { b: { type: string } }\n');
    await expect(applyOverlays(spec, [file], "erd's spec")).rejects.toThrow(/stale\.yaml: action 1 \(\/actions\/1\) target \$\.components\.schemas\.Gone\.properties matches nothing in erd's spec/);
  });
});

describe('parseOverlay', () => {
  it.each([
    ['overlay: 2.0.0\ninfo: { title: t, version: "1" }\nactions: [{ target: $, update: {} }]', /\/overlay: must be an Overlay 1\.0 version/],
    ['overlay: 1.0.0\nactions: [{ target: $, update: {} }]', /\/info: must have a title and a version/],
    ['overlay: 1.0.0\ninfo: { title: t, version: "1" }\nactions: []', /\/actions: must be a list of at least one action/],
    ['overlay: 1.0.0\ninfo: { title: t, version: "1" }\nactions: [{ target: components }]', /action 0 \(\/actions\/0\): target must be a JSONPath starting with "\$"/],
    ['overlay: 1.0.0\ninfo: { title: t, version: "1" }\nactions: [{ target: $.info }]', /action 0 \(\/actions\/0\) target \$\.info: has neither update nor remove: true/],
    ['overlay: 1.0.0\ninfo: [unclosed', /x\.yaml:\d+:\d+: not valid YAML or JSON/],
  ])('refuses %j', (text, message) => {
    expect(() => parseOverlay(text, 'x.yaml')).toThrow(message);
  });
});
