/**
 * Auth: puts each credential the manifest declares where the vendor wants it (a header, a JSON body field).
 * Credentials go only onto the request for the configured origin (the transport refuses redirects elsewhere);
 * they are never copied into errors or messages.
 */
import { matchesPath } from '../redaction/redact.js';
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
  /**
   * Every credential a call may have carried, for masking its error: the client's own (fixed, and the latest
   * values its providers returned), and those in the call's headers, query and body by the manifest's redaction rules.
   */
  secretsIn(init: CallCredentials): readonly string[];
}

/** The parts of a call that may carry credentials besides the client's own. */
export interface CallCredentials {
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly params?: { readonly query?: Record<string, unknown> | undefined } | undefined;
  readonly body?: unknown;
}

/** How many values from credential providers are remembered for masking (refreshed tokens replace old ones). */
const REMEMBERED_PROVIDED = 8;

type PlacedCredential = CredentialDeclaration & Required<Pick<CredentialDeclaration, 'placement'>>;

export function credentialsFor(manifest: VendorManifest, options: Readonly<Record<string, unknown>>): AppliedCredentials {
  const placed = manifest.credentials.filter((c): c is PlacedCredential => !!c.placement);
  const sources = placed.map((declaration) => {
    const source = options[declaration.option];
    if (typeof source === 'string') {
      assertCredential(declaration, source);
      // A fixed credential a header cannot carry is refused now, not on the first call.
      if (declaration.placement.in === 'header') setHeader(new Headers(), declaration.placement.name, declaration.placement.format?.(source) ?? source, declaration.option);
    } else if (typeof source !== 'function') {
      throw new TypeError(`${manifest.id}: pass \`${declaration.option}\` (${declaration.description}).`);
    }
    return { declaration, source: source as CredentialSource };
  });
  // (Test manifests may come without rules: then only the credential options are known.)
  const rules: Partial<VendorManifest['redaction']> = manifest.redaction ?? {};
  const fixed = [
    ...sources.flatMap(({ source }) => (typeof source === 'string' ? [source] : [])),
    ...manifest.credentials.filter((c) => !c.placement && !c.public && typeof options[c.option] === 'string').map((c) => options[c.option] as string),
    ...headerSecrets(options['headers'] as Readonly<Record<string, string>> | undefined, rules.credentialHeaders ?? []),
  ];
  const provided: string[] = [];
  const remember = (value: string): string => {
    if (!provided.includes(value)) {
      provided.push(value);
      if (provided.length > REMEMBERED_PROVIDED) provided.shift();
    }
    return value;
  };
  // Fixed strings are placed synchronously: then a call costs no extra turn of the event loop for its credentials.
  // They were checked above, and a header's value is formatted here, once: a call only puts them in place.
  const allFixed = sources.every(({ source }) => typeof source === 'string');
  const fixedPlacements = allFixed
    ? sources.map(({ declaration, source }) => {
        const { placement } = declaration;
        const value = placement.in === 'header' && placement.format ? placement.format(source as string) : (source as string);
        return { in: placement.in, name: placement.name, value };
      })
    : [];
  const placeFixed = (headers: Headers, body: unknown): unknown => {
    let out = body;
    for (const placement of fixedPlacements) {
      if (placement.in === 'header') headers.set(placement.name, placement.value);
      else out = withField(out, placement.name, placement.value);
    }
    return out;
  };
  const placeFromProviders = async (headers: Headers, body: unknown, signal: AbortSignal): Promise<unknown> => {
    let out = body;
    for (const { declaration, source } of sources) {
      out = place(headers, out, declaration, typeof source === 'string' ? source : remember(await raceSignal(source(), signal)));
    }
    return out;
  };
  return {
    bodyFields: placed.filter((c) => c.placement.in === 'body').map((c) => c.placement.name),
    apply(headers, body, signal) {
      return allFixed ? placeFixed(headers, body) : placeFromProviders(headers, body, signal);
    },
    secretsIn(init) {
      const found = [...fixed, ...provided, ...headerSecrets(init.headers, rules.credentialHeaders ?? [])];
      for (const [name, value] of Object.entries(init.params?.query ?? {})) if (rules.credentialQuery?.includes(name) && value !== undefined) found.push(String(value));
      collectFields(init.body, [], rules.credentialFields ?? [], found, 0);
      return found;
    },
  };
}

/** Credential header values (and the token after a `Token`/`Bearer`/`Basic` scheme, and a Basic password). */
function headerSecrets(headers: Readonly<Record<string, string>> | undefined, credentialHeaders: readonly string[]): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(headers ?? {})) {
    const lower = name.toLowerCase();
    if (typeof value !== 'string' || !(credentialHeaders.includes(lower) || lower === 'authorization' || lower === 'cookie')) continue;
    out.push(value);
    const scheme = /^(Token|Bearer|Basic)\s+(.+)$/i.exec(value);
    if (!scheme) continue;
    out.push(scheme[2]!);
    if (/^basic$/i.test(scheme[1]!)) {
      const decoded = Buffer.from(scheme[2]!, 'base64').toString('utf8');
      if (decoded.includes(':')) out.push(decoded.slice(decoded.indexOf(':') + 1));
    }
  }
  return out;
}

/** Values of a JSON body at the manifest's credential paths (`signature`, `**.client_secret`). */
function collectFields(value: unknown, path: string[], patterns: readonly string[], out: string[], depth: number): void {
  if (depth > 32 || value === null || typeof value !== 'object') {
    if ((typeof value === 'string' || typeof value === 'number') && patterns.some((p) => matchesPath(p, path))) out.push(String(value));
    return;
  }
  if (Array.isArray(value)) value.forEach((item) => collectFields(item, [...path, '[]'], patterns, out, depth + 1));
  else if (Object.getPrototypeOf(value) === Object.prototype) for (const [key, child] of Object.entries(value)) collectFields(child, [...path, key], patterns, out, depth + 1);
}

/** Puts one credential in its header, or into a JSON body that does not carry the field yet; returns the body. */
function place(headers: Headers, body: unknown, declaration: PlacedCredential, credential: unknown): unknown {
  assertCredential(declaration, credential);
  const { placement } = declaration;
  if (placement.in === 'header') {
    setHeader(headers, placement.name, placement.format ? placement.format(credential) : credential, declaration.option);
    return body;
  }
  return withField(body, placement.name, credential);
}

/**
 * The body with the credential field added. A body that already carries the field keeps it (an explicit key); only
 * plain JSON objects get one. The field goes first: the body then has none of that name to override it, and an
 * object built this way stays a fast one for JSON.stringify (the field added after a spread makes a slower one).
 */
function withField(body: unknown, name: string, credential: string): unknown {
  return isPlainObject(body) && !(name in body) ? { [name]: credential, ...body } : body;
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
