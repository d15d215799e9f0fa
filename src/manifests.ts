/** Every vendor's manifest, in the order the tools list them. Adding an API adds one line here. */
import { bank131Manifest } from './bank131/manifest.js';
import { biometricManifest } from './biometric/manifest.js';
import { brainysoftManifest } from './brainysoft/manifest.js';
import type { VendorManifest } from './core/manifest.js';
import { erdManifest } from './erd/manifest.js';
import { kycaidManifest } from './kycaid/manifest.js';

export const MANIFESTS: readonly VendorManifest[] = [erdManifest, kycaidManifest, bank131Manifest, brainysoftManifest, biometricManifest];

export type ApiId = 'erd' | 'kycaid' | 'bank131' | 'brainysoft' | 'biometric';

export function manifestFor(id: string): VendorManifest {
  const manifest = MANIFESTS.find((m) => m.id === id);
  if (!manifest) throw new TypeError(`Unknown API "${id}"; known: ${MANIFESTS.map((m) => m.id).join(', ')}.`);
  return manifest;
}
