/**
 * BrainySoft's create takes the whole init template back (seed page: "extract the entire body returned by the
 * initialization method"). The caller's fields go over the template: objects merge key by key, anything else
 * (arrays included) replaces, and `undefined` leaves the template's value.
 */
/** Caller's fields: any subset, nested; `undefined` means "keep the template's value". */
export type DeepPartial<T> = T extends readonly (infer _)[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> | undefined } : T;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;

export function mergeOverTemplate<T>(template: T, fields: DeepPartial<NoInfer<T>> | undefined): T {
  if (fields === undefined) return structuredClone(template);
  if (!isPlainObject(template) || !isPlainObject(fields)) return structuredClone(fields as T);
  const out: Record<string, unknown> = structuredClone(template);
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    out[key] = isPlainObject(value) && isPlainObject(out[key]) ? mergeOverTemplate(out[key], value) : structuredClone(value);
  }
  return out as T;
}
