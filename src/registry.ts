/**
 * Every API as the tools see it: its manifest, a client factory that takes the manifest's credential options,
 * and its bundled spec (imported statically: tools need it at once; applications import `kyc-contracts` instead,
 * which loads a spec only when `validateResponses` asks for it).
 */
import bank131Spec from '../generated/bank131.spec.js';
import biometricSpec from '../generated/biometric.spec.js';
import brainysoftSpec from '../generated/brainysoft.spec.js';
import erdSpec from '../generated/erd.spec.js';
import kycaidSpec from '../generated/kycaid.spec.js';
import { createBank131Client } from './bank131/index.js';
import { createBiometricClient } from './biometric/index.js';
import { createBrainysoftClient } from './brainysoft/index.js';
import type { CommonClientOptions, CoreClient } from './core/client.js';
import type { VendorManifest } from './core/manifest.js';
import type { OpenApiDocument } from './core/spec.js';
import { createErdClient } from './erd/index.js';
import { createKycaidClient } from './kycaid/index.js';
import { MANIFESTS, manifestFor } from './manifests.js';

export interface RegisteredApi {
  readonly manifest: VendorManifest;
  readonly spec: OpenApiDocument;
  /** A client from its manifest's credential options (`apiKey`, `apiToken`, …) plus the common ones. */
  createClient(options: CommonClientOptions & Readonly<Record<string, unknown>>): CoreClient<{}>;
}

// Each factory takes its own options type; the registry passes the manifest's credential options generically.
const factories: Record<string, [OpenApiDocument, (options: any) => unknown]> = {
  erd: [erdSpec, createErdClient],
  kycaid: [kycaidSpec, createKycaidClient],
  bank131: [bank131Spec, createBank131Client],
  brainysoft: [brainysoftSpec, createBrainysoftClient],
  biometric: [biometricSpec, createBiometricClient],
};

export const REGISTRY: readonly RegisteredApi[] = MANIFESTS.map((manifest) => {
  const entry = factories[manifest.id];
  if (!entry) throw new Error(`${manifest.id}: no client factory registered in src/registry.ts`);
  const [spec, create] = entry;
  return { manifest, spec, createClient: (options) => create(options) as CoreClient<{}> };
});

export function registeredApi(id: string): RegisteredApi {
  const manifest = manifestFor(id);
  return REGISTRY.find((api) => api.manifest === manifest)!;
}

/** Options for a client with every credential the manifest declares set to its obviously fake value. */
export function fakeCredentialOptions(manifest: VendorManifest): Record<string, string> {
  return Object.fromEntries(manifest.credentials.map((c) => [c.option, c.fake]));
}
