/**
 * Work Prism repeats on every request that gives the same result every time, done once.
 *
 * prism-http's validator reads path parameters with `new URI.Template(template).match(path)` (uri-template-lite),
 * and that constructor compiles a regular expression and a `new Function` from the template: per request, the
 * largest single cost in a profile of the mock under load. A template's compiled matcher depends on the template
 * alone, so the constructor is wrapped to hand back the one compiled for that template before. Templates come from
 * the specs' paths (a few hundred at most); the cache is bounded all the same.
 */
import { createRequire } from 'node:module';

const MAX_TEMPLATES = 10_000;

interface UriTemplateModule {
  URI: { Template: new (template: string) => { match(uri: string): Record<string, unknown> | null } };
}

let memoized = false;

/**
 * Makes prism-http's uri-template-lite hand back one compiled matcher per template. `prismHttpRequire` resolves
 * from prism-http's own folder, so the wrapped module is the very instance its validator holds. Idempotent.
 */
export function memoizeUriTemplates(prismHttpRequire: NodeJS.Require): void {
  if (memoized) return;
  const module = prismHttpRequire('uri-template-lite') as UriTemplateModule;
  const Compile = module.URI.Template;
  const compiled = new Map<string, InstanceType<typeof Compile>>();
  // Called with `new`: a constructor that returns an object hands that object to the caller.
  function Template(template: string) {
    let matcher = compiled.get(template);
    if (!matcher) {
      if (compiled.size >= MAX_TEMPLATES) compiled.clear();
      matcher = new Compile(template);
      compiled.set(template, matcher);
    }
    return matcher;
  }
  module.URI.Template = Template as unknown as typeof Compile;
  memoized = true;
}

/** prism-http's require, for callers that have not loaded Prism yet. */
export const prismHttpRequire = (): NodeJS.Require => createRequire(createRequire(import.meta.url).resolve('@stoplight/prism-http'));
