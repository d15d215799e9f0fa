/** KYCAID's error dialect, client wiring and file uploads, pinned by name (mutation testing: see stryker.config.mjs). */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ApiError, RequestValidationError, ResponseValidationError } from '../core/errors.js';
import { fileForm, toBlob } from './files.js';
import { KYCAID_BASE_URL, createKycaidClient } from './index.js';
import { kycaidManifest } from './manifest.js';

const { describeError } = kycaidManifest.errorDialect;
const apiToken = kycaidManifest.credentials[0]!.fake;

function scripted(...answers: Array<{ status: number; body: string }>) {
  const sent: Array<{ url: string; method: string; headers: Headers; body: BodyInit | null | undefined }> = [];
  const fetch = async (url: string, init: RequestInit) => {
    sent.push({ url, method: String(init.method), headers: new Headers(init.headers), body: init.body });
    const next = answers.shift() ?? { status: 500, body: '' };
    return new Response(next.body, { status: next.status, headers: { 'content-type': 'application/json' } });
  };
  return { fetch, sent };
}

describe('KYCAID error dialect', () => {
  it('names validation errors per request field (body.<parameter>) and marks the request invalid', () => {
    const details = describeError({ type: 'validation', errors: [{ parameter: 'dob', message: 'bad date' }, { parameter: 'email', message: 'bad email' }] }, 422);
    expect(details).toEqual({
      vendorCode: 'validation',
      vendorMessage: 'bad date; bad email',
      issues: [{ field: 'body.dob', message: 'bad date' }, { field: 'body.email', message: 'bad email' }],
      requestInvalid: true,
    });
  });

  it('keeps a non-validation parameter as the issue code, not a field, and does not call the request invalid', () => {
    const details = describeError({ type: 'limit_exceeded', errors: [{ parameter: 'applicants', message: 'too many' }] }, 429);
    expect(details).toEqual({ vendorCode: 'limit_exceeded', vendorMessage: 'too many', issues: [{ field: '', message: 'too many', code: 'applicants' }], requestInvalid: false });
  });

  it('describes items it cannot read by their JSON, and items without a parameter without a field or code', () => {
    const details = describeError({ type: 'validation', errors: ['plain', { message: 'no parameter' }, null] }, 422);
    expect(details.issues).toEqual([
      { field: '', message: '"plain"' },
      { field: '', message: 'no parameter' },
      { field: '', message: 'null' },
    ]);
  });

  it('has no code, message or issues for a body without them (an HTML 502, null, a non-string type)', () => {
    expect(describeError('<html>502</html>', 502)).toEqual({});
    expect(describeError(null, 502)).toEqual({});
    expect(describeError({ type: 7, errors: 'nope' }, 400)).toEqual({ vendorCode: undefined, vendorMessage: undefined, issues: [], requestInvalid: false });
  });
});

describe('createKycaidClient', () => {
  it('talks to api.kycaid.com by default and sends the token as `Authorization: Token …`', async () => {
    const { fetch, sent } = scripted({ status: 200, body: '{"countries":[]}' });
    const client = createKycaidClient({ apiToken, fetch });
    expect(client.baseUrl).toBe(KYCAID_BASE_URL);
    expect(KYCAID_BASE_URL).toBe('https://api.kycaid.com');
    await client.listCountries();
    expect(sent[0]!.url).toBe('https://api.kycaid.com/countries');
    expect(sent[0]!.headers.get('authorization')).toBe(`Token ${apiToken}`);
  });

  it('reports validation errors as RequestValidationError naming body.<parameter>', async () => {
    const { fetch } = scripted({ status: 422, body: '{"type":"validation","errors":[{"parameter":"dob","message":"bad"}]}' });
    const error = (await createKycaidClient({ apiToken, fetch, baseUrl: 'https://k.test' }).listCountries().catch((e: unknown) => e)) as RequestValidationError;
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error.fields).toEqual(['body.dob']);
  });

  it('loads the KYCAID spec when validateResponses is on', async () => {
    const { fetch } = scripted({ status: 200, body: '{"file_id": 12}' });
    const client = createKycaidClient({ apiToken, fetch, baseUrl: 'https://k.test', validateResponses: true });
    await expect(client.uploadFile(Buffer.from('abc'), { contentType: 'image/png' })).rejects.toBeInstanceOf(ResponseValidationError);
  });

  it('uploads a file as the single multipart `file` part of POST /files and resolves with the answer', async () => {
    const { fetch, sent } = scripted({ status: 200, body: '{"file_id":"f1"}' });
    const client = createKycaidClient({ apiToken, fetch, baseUrl: 'https://k.test' });
    await expect(client.uploadFile(Buffer.from('abc'), { contentType: 'image/png' })).resolves.toEqual({ file_id: 'f1' });
    expect(sent[0]).toMatchObject({ url: 'https://k.test/files', method: 'POST' });
    const form = sent[0]!.body as FormData;
    expect(form).toBeInstanceOf(FormData);
    const file = form.get('file') as File;
    expect([...form.keys()]).toEqual(['file']);
    expect(file.name).toBe('document.png');
    expect(file.type).toBe('image/png');
    expect(await file.text()).toBe('abc');
  });

  it('rejects an empty file before sending anything', async () => {
    const { fetch, sent } = scripted({ status: 200, body: '{"file_id":"f1"}' });
    const error = await createKycaidClient({ apiToken, fetch, baseUrl: 'https://k.test' }).uploadFile(new Uint8Array(0)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe('The file is empty.');
    expect(sent).toHaveLength(0);
  });

  it('rejects a non-2xx upload with ApiError', async () => {
    const { fetch } = scripted({ status: 400, body: '{"type":"file","errors":[]}' });
    await expect(createKycaidClient({ apiToken, fetch, baseUrl: 'https://k.test' }).uploadFile(Buffer.from('x'))).rejects.toBeInstanceOf(ApiError);
  });
});

describe('toBlob', () => {
  it('hands a Blob back as it is unless another content type is asked for', async () => {
    const blob = new Blob(['abc'], { type: 'image/png' });
    expect(await toBlob(blob)).toBe(blob);
    expect(await toBlob(blob, 'image/png')).toBe(blob);
    const retyped = await toBlob(blob, 'image/jpeg');
    expect(retyped).not.toBe(blob);
    expect(retyped.type).toBe('image/jpeg');
    expect(await retyped.text()).toBe('abc');
  });

  it('reads bytes, web streams and Node streams (string chunks too), typed application/octet-stream unless told', async () => {
    const bytes = await toBlob(new Uint8Array([104, 105]));
    expect(bytes.type).toBe('application/octet-stream');
    expect(await bytes.text()).toBe('hi');
    const web = await toBlob(new Blob(['web']).stream(), 'image/png');
    expect(web.type).toBe('image/png');
    expect(await web.text()).toBe('web');
    const node = await toBlob(Readable.from(['no', Buffer.from('de')]), 'application/pdf');
    expect(node.type).toBe('application/pdf');
    expect(await node.text()).toBe('node');
    const piped = await toBlob({ pipe() {}, async *[Symbol.asyncIterator]() { yield 'p'; } } as never);
    expect(await piped.text()).toBe('p');
  });

  it('refuses anything else with a TypeError listing what a file may be', async () => {
    await expect(toBlob('a string' as never)).rejects.toThrow(/must be a Blob, a Buffer\/Uint8Array, a web ReadableStream or a Node readable stream/);
    await expect(toBlob({} as never)).rejects.toBeInstanceOf(TypeError);
  });
});

describe('fileForm', () => {
  it('names the part document plus the extension of its type, or as told', async () => {
    const name = async (type: string, filename?: string) =>
      ((await fileForm(new Blob(['x'], { type }), filename ? { filename } : {})).get('file') as File).name;
    expect(await name('image/jpeg')).toBe('document.jpg');
    expect(await name('application/pdf')).toBe('document.pdf');
    expect(await name('text/plain')).toBe('document');
    expect(await name('image/jpeg', 'passport.jpeg')).toBe('passport.jpeg');
  });
});
