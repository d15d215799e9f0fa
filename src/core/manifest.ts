/**
 * A vendor manifest: everything about one API that is not in its spec and not code. The client core, the
 * tooling (mock ports, recorder credentials, redaction, .env.example, redocly.yaml, the README's table) and the
 * package's exports all read it, so a vendor is declared in exactly one place: `src/<api>/manifest.ts`.
 */
import type { RedactionRules } from '../redaction/redact.js';
import type { VendorErrorDialect } from './interpret.js';

/** How the vendor wants its credential: in a header (optionally formatted) or as a field of the JSON body. */
export type CredentialPlacement =
  | { readonly in: 'header'; readonly name: string; readonly format?: (credential: string) => string }
  | { readonly in: 'body'; readonly name: string };

export interface CredentialDeclaration {
  /** The client option that takes it (`apiKey`, `apiToken`, …). */
  readonly option: string;
  /** The environment variable the tools read it from (`ERD_API_KEY`, …). */
  readonly env: string;
  readonly description: string;
  /** Where it goes on the wire; absent for values that only pick a server (BrainySoft's customer key). */
  readonly placement?: CredentialPlacement;
  /** An obviously fake value for mocks, tests and examples. */
  readonly fake: string;
  /** Not needed to make a call (the recorder will not insist). */
  readonly optional?: boolean;
  /** Not a secret (a customer key that is part of a host name): not redacted. */
  readonly public?: boolean;
}

export interface VendorManifest {
  /** The api id: `specs/<id>/`, `src/<id>/`, `generated/<id>.*`, the package subpath `kyc-contracts/<id>`. */
  readonly id: string;
  readonly title: string;
  /** One line: what the API does. */
  readonly summary: string;
  /** The vendor's public reference page. */
  readonly docsUrl: string;
  /**
   * The vendor's servers. `{name}` placeholders are filled from the client option of the same name
   * (BrainySoft's `{customer}`). `production` is the default base URL.
   */
  readonly servers: { readonly production: string; readonly stage?: string; readonly test?: string };
  /** The mock's fixed port for this API (the one-port host also serves it under `/<id>`). */
  readonly mockPort: number;
  readonly credentials: readonly CredentialDeclaration[];
  /** How the vendor says "error". */
  readonly errorDialect: VendorErrorDialect;
  readonly redaction: RedactionRules;
}

/**
 * Identity function that checks a manifest's shape at compile time and keeps its literal types (ids, credential
 * placements), while its functions keep the general signatures callers use.
 */
export function defineManifest<const M extends VendorManifest>(manifest: M): M & Pick<VendorManifest, 'errorDialect'> {
  return manifest;
}

/** Fills `{name}` placeholders of a server URL from the given values; throws naming a missing one. */
export function resolveServerUrl(template: string, values: Readonly<Record<string, unknown>>): string {
  return template.replace(/\{([A-Za-z0-9_]+)\}/g, (_match, name: string) => {
    const value = values[name];
    if (typeof value !== 'string' || !/^[A-Za-z0-9-]+$/.test(value)) {
      throw new TypeError(`The server URL ${template} needs \`${name}\` (letters, digits and dashes), got ${JSON.stringify(value)}.`);
    }
    return value;
  });
}
