/**
 * Work Prism repeats on every request that gives the same result every time, done once. Each memo wraps a pure
 * function of Prism's and is bounded (cleared when full), so a stream of distinct inputs costs memory, never growth.
 *
 * - URI templates: prism-http's validator reads path parameters with `new URI.Template(template).match(path)`
 *   (uri-template-lite), and that constructor compiles a regular expression and a `new Function` per request.
 * - Media types: `wildcardMediaTypeMatch(a, b)` parses both media types (content-type's parser, then a regular
 *   expression) per call, several calls per request, for the same few pairs of strings.
 * - Media types again: type-is's `is(contentType, types)` (the request body's parser, the answer's serializer) and
 *   prism-http's `parseMIMEHeader` (whatwg-mimetype) parse the same header values per request.
 * - Routes: prism-http's router scores every operation of the document against the request's path, per request.
 *   Its answer depends on the operations, the method, the path and the base URL (`__server`) alone; it is kept per
 *   operations array (one per API, rebuilt when a spec or overlay is loaded), and only when it found an operation,
 *   so that every error is Prism's own, made fresh.
 */
import { createRequire } from 'node:module';

const MAX_ENTRIES = 10_000;
/** Marks a function this module put in place, so that doing it again changes nothing. */
const MEMOIZED = Symbol('kyc-contracts memoized');

interface UriTemplateModule {
  URI: { Template: new (template: string) => { match(uri: string): Record<string, unknown> | null } };
}
interface MediaTypeModule {
  wildcardMediaTypeMatch(mediaTypeA: string, mediaTypeB: string): boolean;
}
interface TypeIsModule {
  is(value: unknown, ...types: unknown[]): string | false;
}
interface HeadersValidatorModule {
  parseMIMEHeader(contentTypeHeader: string): readonly [string | undefined, string];
}

/** A Map that empties itself when full. */
function boundedSet<K, V>(map: Map<K, V>, key: K, value: V): V {
  if (map.size >= MAX_ENTRIES) map.clear();
  map.set(key, value);
  return value;
}

const memoized = new WeakSet<NodeJS.Require>();

/**
 * Makes prism-http's module instances (resolved through `prismHttpRequire`, from prism-http's own folder, so they
 * are the very ones its validator calls) hand back what they computed before for the same input. Idempotent.
 */
export function memoizePrismHttp(prismHttpRequire: NodeJS.Require): void {
  if (memoized.has(prismHttpRequire)) return;
  memoizeUriTemplates(prismHttpRequire('uri-template-lite') as UriTemplateModule);
  memoizeMediaTypeMatch(prismHttpRequire('./validator/utils/wildcardMediaTypeMatch.js') as MediaTypeModule);
  memoizeMimeHeader(prismHttpRequire('./validator/validators/headers.js') as HeadersValidatorModule);
  memoizeTypeIs(prismHttpRequire('type-is') as TypeIsModule);
  memoized.add(prismHttpRequire);
}

/** type-is's `is`, for the instance `require` resolves (prism-http-server's may be another copy). Idempotent. */
export function memoizeTypeIs(module: TypeIsModule): void {
  const is = module.is;
  if ((is as { [MEMOIZED]?: true })[MEMOIZED]) return;
  const answers = new Map<string, string | false>();
  function memo(value: unknown, ...types: unknown[]): string | false {
    // Only the one form Prism and micri use: a header value and one array of media types.
    const list = types[0];
    if (types.length !== 1 || typeof value !== 'string' || !Array.isArray(list)) return is(value, ...types);
    const key = `${value}\n${list.join('\n')}`;
    const known = answers.get(key);
    return known !== undefined ? known : boundedSet(answers, key, is(value, list));
  }
  Object.assign(memo, { [MEMOIZED]: true });
  module.is = memo;
}

// Called as `headers_1.parseMIMEHeader(...)` (read per call); callers destructure the pair and never change it.
function memoizeMimeHeader(module: HeadersValidatorModule): void {
  const parse = module.parseMIMEHeader;
  if ((parse as { [MEMOIZED]?: true })[MEMOIZED]) return;
  const parsed = new Map<string, readonly [string | undefined, string]>();
  const memo = (header: string) => {
    if (typeof header !== 'string') return parse(header);
    // A header whatwg-mimetype rejects throws, as before, every time.
    return parsed.get(header) ?? boundedSet(parsed, header, Object.freeze(parse(header)));
  };
  Object.assign(memo, { [MEMOIZED]: true });
  module.parseMIMEHeader = memo;
}


function memoizeUriTemplates(module: UriTemplateModule): void {
  if ((module.URI.Template as { [MEMOIZED]?: true })[MEMOIZED]) return;
  const Compile = module.URI.Template;
  const compiled = new Map<string, InstanceType<typeof Compile>>();
  // Called with `new`: a constructor that returns an object hands that object to the caller.
  function Template(template: string) {
    return compiled.get(template) ?? boundedSet(compiled, template, new Compile(template));
  }
  Object.assign(Template, { [MEMOIZED]: true });
  module.URI.Template = Template as unknown as typeof Compile;
}

// prism-http's validator calls `wildcardMediaTypeMatch_1.wildcardMediaTypeMatch(...)`: the export is read per call.
function memoizeMediaTypeMatch(module: MediaTypeModule): void {
  const match = module.wildcardMediaTypeMatch;
  if ((match as { [MEMOIZED]?: true })[MEMOIZED]) return;
  const answers = new Map<string, boolean>();
  const memo = (a: string, b: string): boolean => {
    // Not strings (a header read twice arrives as an array): Prism's own answer, every time.
    if (typeof a !== 'string' || typeof b !== 'string') return match(a, b);
    const key = `${a}\n${b}`;
    return answers.get(key) ?? boundedSet(answers, key, match(a, b));
  };
  Object.assign(memo, { [MEMOIZED]: true });
  module.wildcardMediaTypeMatch = memo;
}

type Route<R, O> = (args: { resources: readonly O[]; input: { method: string; url: { path: string; baseUrl?: string | undefined } } }) => R;

/** prism-http's router (the `route` handed to prism-core's factory), remembering the operation it found. */
export function memoizeRoute<R extends { _tag: string }, O extends object>(route: Route<R, O>): Route<R, O> {
  const found = new WeakMap<readonly O[], Map<string, R>>();
  return (args) => {
    const { resources, input } = args;
    let routes = found.get(resources);
    if (!routes) found.set(resources, (routes = new Map()));
    const key = `${input.method} ${input.url.baseUrl ?? ''} ${input.url.path}`;
    const known = routes.get(key);
    if (known) return known;
    const result = route(args);
    return result._tag === 'Right' ? boundedSet(routes, key, result) : result;
  };
}

/** prism-http's require, for callers that have not loaded Prism yet. */
export const prismHttpRequire = (): NodeJS.Require => createRequire(createRequire(import.meta.url).resolve('@stoplight/prism-http'));

type Dual = (arity: number | ((args: IArguments) => boolean), body: (...args: unknown[]) => unknown) => (...args: unknown[]) => unknown;

/**
 * fp-ts 2.16 builds its dual-arity functions (`Either.flatMap` alias `chain`, `Option.orElse` behind `alt`, `tap`,
 * …) with `dual`, whose wrapper copies `arguments` into an array on every call and spreads it again on every
 * data-last call: in a profile of the mock under load, a tenth of the CPU. Modules read `function_1.dual` when they
 * load, so a wrapper written out for arities 2 and 3, installed before Prism loads fp-ts's other modules, makes
 * every such function direct; a predicate arity keeps fp-ts's own. Has no effect once they are loaded (they hold
 * the wrappers already), and none at all on what any function returns.
 */
export function directDual(load: () => unknown): void {
  let fpFunction: { dual?: Dual };
  try {
    fpFunction = load() as { dual?: Dual };
  } catch {
    return; // This peer resolves no fp-ts of its own: nothing to make direct.
  }
  const dual = fpFunction.dual;
  if (typeof dual !== 'function' || (dual as { [MEMOIZED]?: true })[MEMOIZED]) return;
  const direct: Dual = (arity, body) => {
    if (arity === 2) {
      return function (this: unknown, a: unknown, b: unknown) {
        return arguments.length >= 2 ? body.apply(this, arguments as unknown as unknown[]) : (self: unknown) => body(self, a);
      };
    }
    if (arity === 3) {
      return function (this: unknown, a: unknown, b: unknown, c: unknown) {
        return arguments.length >= 3 ? body.apply(this, arguments as unknown as unknown[]) : arguments.length === 2 ? (self: unknown) => body(self, a, b) : (self: unknown) => body(self, a);
      };
    }
    return dual(arity, body);
  };
  Object.assign(direct, { [MEMOIZED]: true });
  fpFunction.dual = direct;
}
