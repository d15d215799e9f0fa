/**
 * Auth: puts each credential the manifest declares where the vendor wants it (a header, a JSON body field).
 * Credentials go only onto the request for the configured origin (the transport refuses redirects elsewhere);
 * they are never copied into errors or messages.
 */
import { raceSignal } from './deadline.js';
import type { CredentialDeclaration, VendorManifest } from './manifest.js';

/** A credential, or a function that returns the current one (tokens that expire and are refreshed). */
export type CredentialSource = string | (() => string | Promise<string>);

export interface AppliedCredentials {
  /**
   * Sets the credentials on a call's headers and returns its body with credential fields added; a provider is
   * awaited within `signal`. A promise only when a credential comes from a provider function.
   */
  apply(headers: Headers, body: unknown, signal: AbortSignal): unknown | Promise<unknown>;
  /** Body field names that carry credentials (omitted from the typed request bodies). */
  readonly bodyFields: readonly string[];
}

type PlacedCredential = CredentialDeclaration & Required<Pick<CredentialDeclaration, 'placement'>>;

export function credentialsFor(manifest: VendorManifest, options: Readonly<Record<string, unknown>>): AppliedCredentials {
  const placed = manifest.credentials.filter((c): c is PlacedCredential => !!c.placement);
  const sources = placed.map((declaration) => {
    const source = options[declaration.option];
    if (typeof source === 'string') assertCredential(declaration, source);
    else if (typeof source !== 'function') {
      throw new TypeError(`${manifest.id}: pass \`${declaration.option}\` (${declaration.description}).`);
    }
    return { declaration, source: source as CredentialSource };
  });
  // Fixed strings are placed synchronously: then a call costs no extra turn of the event loop for its credentials.
  const allFixed = sources.every(({ source }) => typeof source === 'string');
  const placeFixed = (headers: Headers, body: unknown): unknown =>
    sources.reduce((out, { declaration, source }) => place(headers, out, declaration, source as string), body);
  const placeFromProviders = async (headers: Headers, body: unknown, signal: AbortSignal): Promise<unknown> => {
    let out = body;
    for (const { declaration, source } of sources) {
      out = place(headers, out, declaration, typeof source === 'string' ? source : await raceSignal(source(), signal));
    }
    return out;
  };
  return {
    bodyFields: placed.filter((c) => c.placement.in === 'body').map((c) => c.placement.name),
    apply(headers, body, signal) {
      return allFixed ? placeFixed(headers, body) : placeFromProviders(headers, body, signal);
    },
  };
}

/** Puts one credential in its header, or into a JSON body that does not carry the field yet; returns the body. */
function place(headers: Headers, body: unknown, declaration: PlacedCredential, credential: unknown): unknown {
  assertCredential(declaration, credential);
  const { placement } = declaration;
  if (placement.in === 'header') {
    setHeader(headers, placement.name, placement.format ? placement.format(credential) : credential, declaration.option);
    return body;
  }
  // A body that already carries the field keeps it (an explicit key); only plain JSON objects get one.
  return isPlainObject(body) && !(placement.name in body) ? { ...body, [placement.name]: credential } : body;
}

/** A credential a header cannot carry is a clear TypeError naming the option (never echoing the value). */
function setHeader(headers: Headers, name: string, value: string, option: string): void {
  try {
    headers.set(name, value);
  } catch {
    throw new TypeError(`Credential \`${option}\` cannot be sent in the ${name} header: it holds characters a header cannot carry (a line break, a control character, or text outside Latin-1).`);
  }
}

function assertCredential(declaration: CredentialDeclaration, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TypeError(`Missing credential \`${declaration.option}\` (${declaration.description}): pass a non-empty string.`);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}
