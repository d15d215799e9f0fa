/** Turning what callers have (a Buffer, a Blob, a web or Node stream) into the multipart body KYCAID expects. */
import { Readable } from 'node:stream';

export type FileInput = Blob | Uint8Array | ReadableStream<Uint8Array> | NodeJS.ReadableStream;

export interface FileOptions {
  /** The part's file name (default `document` plus an extension from the content type). */
  readonly filename?: string | undefined;
  /** e.g. `image/jpeg`, `image/png`, `application/pdf` (default: the Blob's type, else application/octet-stream). */
  readonly contentType?: string | undefined;
}

const EXTENSIONS: Record<string, string> = { 'image/jpeg': '.jpg', 'image/png': '.png', 'application/pdf': '.pdf', 'image/heic': '.heic' };

export async function toBlob(input: FileInput, contentType?: string): Promise<Blob> {
  if (input instanceof Blob) return contentType && input.type !== contentType ? new Blob([input], { type: contentType }) : input;
  const type = contentType ?? 'application/octet-stream';
  // Copy into a plain ArrayBuffer: a view over a SharedArrayBuffer cannot back a Blob.
  if (input instanceof Uint8Array) return new Blob([new Uint8Array(input)], { type });
  if (typeof (input as ReadableStream).getReader === 'function') {
    return new Blob([await new Response(input as ReadableStream<Uint8Array>).arrayBuffer()], { type });
  }
  if (input instanceof Readable || typeof (input as NodeJS.ReadableStream).pipe === 'function') {
    const chunks: Buffer[] = [];
    for await (const chunk of input as AsyncIterable<Buffer | string>) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    return new Blob([Buffer.concat(chunks)], { type });
  }
  throw new TypeError('A file must be a Blob, a Buffer/Uint8Array, a web ReadableStream or a Node readable stream.');
}

/** A FormData with the single `file` part KYCAID's `POST /files` takes. */
export async function fileForm(input: FileInput, options: FileOptions = {}): Promise<FormData> {
  if (options === null || typeof options !== 'object') throw new TypeError('uploadFile: the file options must be an object ({ filename, contentType }).');
  for (const name of ['filename', 'contentType'] as const) {
    const value = options[name];
    if (value !== undefined && (typeof value !== 'string' || value.trim() === '')) throw new TypeError(`uploadFile: \`${name}\` must be a non-empty string.`);
  }
  const blob = await toBlob(input, options.contentType);
  if (blob.size === 0) throw new TypeError('The file is empty.');
  const form = new FormData();
  form.append('file', blob, options.filename ?? `document${EXTENSIONS[blob.type] ?? ''}`);
  return form;
}
