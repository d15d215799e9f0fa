/**
 * The redaction rules of an API as a project sees them: the package's (its manifest) plus the additions of its
 * kyc-contracts.config.json ("redaction"), merged by `extendRedactionRules`.
 *
 * SHIM: `extendRedactionRules(base, additions)` belongs to src/redaction/redact.ts (issue #18's redaction part,
 * which also makes value `patterns` part of every Redactor). Until it lands this local one, with the same
 * signature, merges the named rules; the `patterns` are carried on the rules for that Redactor to apply.
 */
import type { RedactionRules } from '../../src/redaction/redact.js';
import type { VendorManifest } from '../../src/core/manifest.js';
import type { Project } from './project.js';
import type { RedactionAdditions } from './project-config.js';

export function extendRedactionRules(base: RedactionRules, additions: RedactionAdditions): RedactionRules {
  const merged = <T>(a: readonly T[] | undefined, b: readonly T[] | undefined) => [...(a ?? []), ...(b ?? [])];
  const extended = {
    ...base,
    credentialHeaders: merged(base.credentialHeaders, additions.credentialHeaders?.map((h) => h.toLowerCase())),
    credentialQuery: merged(base.credentialQuery, additions.credentialQuery),
    credentialFields: merged(base.credentialFields, additions.credentialFields),
    personalData: merged(base.personalData, additions.personalData),
    patterns: merged((base as { patterns?: RedactionAdditions['patterns'] }).patterns, additions.patterns),
  };
  return extended as RedactionRules;
}

/** The manifest's rules with the project's additions for that API (the manifest's own when there are none). */
export function projectRedactionRules(manifest: VendorManifest, project: Project): RedactionRules {
  const additions = project.config?.redaction[manifest.id];
  return additions ? extendRedactionRules(manifest.redaction, additions) : manifest.redaction;
}
