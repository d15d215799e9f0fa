import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, listApis } from './lib/apis.js';
import { generateApi } from './generate.js';

const scratch = join(ROOT, '.tmp', `generate-test-${process.pid}`);
mkdirSync(scratch, { recursive: true });
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('generateApi', () => {
  it('produces exactly what is committed in generated/ for every API', async () => {
    for (const api of listApis()) {
      for (const file of await generateApi(api)) {
        expect(readFileSync(file.path, 'utf8'), `${file.path} is stale: run npm run generate`).toBe(file.content);
      }
    }
  });

  it('names the file and the pointer when a $ref does not resolve', async () => {
    const spec = readFileSync(join(ROOT, 'specs/erd/openapi.yaml'), 'utf8').replace(
      "$ref: '#/components/schemas/ErdRetrieveResponse'",
      "$ref: '#/components/schemas/NoSuchSchema'",
    );
    const root = join(scratch, 'openapi.yaml');
    writeFileSync(root, spec);
    // file:line:col of the schema that holds the broken $ref (the line above it), as an editor can jump to it.
    const line = spec.split('\n').findIndex((l) => l.includes('NoSuchSchema'));
    await expect(generateApi({ id: 'broken', root })).rejects.toThrow(new RegExp(`openapi\\.yaml:${line}:\\d+: Can't resolve \\$ref`));
  });

  it('refuses a file that is not an OpenAPI document', async () => {
    const root = join(scratch, 'not-openapi.yaml');
    writeFileSync(root, 'hello: world\n');
    await expect(generateApi({ id: 'x', root })).rejects.toThrow(/not-openapi\.yaml/);
  });

  it('says which file is missing', async () => {
    await expect(generateApi({ id: 'ghost', root: join(scratch, 'ghost.yaml') })).rejects.toThrow(/ghost\.yaml: file not found/);
  });
});

describe('the operation table', () => {
  it('gives a renamed or added operation its method, and refuses a clash or a missing operationId', async () => {
    const original = readFileSync(join(ROOT, 'specs/erd/openapi.yaml'), 'utf8');
    const root = join(scratch, 'renamed.yaml');
    writeFileSync(root, original.replace('operationId: retrieveErd', 'operationId: lookUpDebtor'));
    const table = (await generateApi({ id: 'renamed', root })).find((f) => f.path.endsWith('renamed.operations.ts'))!.content;
    expect(table).toContain("lookUpDebtor: { method: 'post', path: \"/api/v1/backend/erd/retrieve/\"");
    expect(table).not.toContain('retrieveErd');

    writeFileSync(root, original.replace('operationId: retrieveErd', 'operationId: request'));
    await expect(generateApi({ id: 'clash', root })).rejects.toThrow(/operationId "request" clashes with the client's own member/);
    writeFileSync(root, original.replace(/^ *operationId: retrieveErd\n/m, ''));
    await expect(generateApi({ id: 'anonymous', root })).rejects.toThrow(/has no operationId/);
  });
});
