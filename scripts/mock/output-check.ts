/**
 * How workflow answers are held to the spec at run time. Prism validates every answer it sends (`validateOutput`),
 * and for the answers our workflows build that is the largest cost per request after request validation. A workflow
 * builds its answers from a few templates, so an answer of an operation, status and body shape that already passed
 * is not validated again: the first of each shape is, and any shape not seen before. The test suite (and anyone who
 * sets KYC_MOCK_CHECK_EVERY_ANSWER=1) validates every answer, so a workflow that sends what the spec forbids fails
 * a test whatever its shape. Prism's own answers and overrides are always validated.
 */

/**
 * The shape of a JSON value: its types, its keys (in order: another order is another shape, checked once more),
 * its arrays' element shapes; not its values. Built on every workflow answer, so kept cheap: one string, no sorting.
 */
export function shapeOf(value: unknown, depth = 0): string {
  if (value === null) return 'n';
  switch (typeof value) {
    case 'string':
      return 's';
    case 'number':
      return Number.isInteger(value) ? 'i' : 'd';
    case 'boolean':
      return 'b';
    case 'object': {
      // Past this depth every value is one shape: such a body is validated every time.
      if (depth > 32) return `?${Math.random()}`;
      if (Array.isArray(value)) {
        let shapes = '';
        let last = '';
        for (const item of value) {
          const shape = shapeOf(item, depth + 1);
          // Runs of one shape count once, so that 1 and 100 records of a kind are the same shape.
          if (shape !== last) shapes += `${shape}|`;
          last = shape;
        }
        return `[${shapes}]`;
      }
      let shape = '{';
      for (const key in value as Record<string, unknown>) shape += `${key.length}:${key}${shapeOf((value as Record<string, unknown>)[key], depth + 1)},`;
      return `${shape}}`;
    }
    default:
      return typeof value;
  }
}

/** The key a workflow answer's check is remembered by. */
export const answerShape = (operationId: string, status: number, body: unknown): string => `${operationId} ${status} ${shapeOf(body)}`;

/**
 * A workflow output's (the object handed to Prism) shape key, read by the output check. A symbol-keyed property
 * rather than a WeakMap: one per request, and a WeakMap entry per request costs the collector more than the check.
 */
const SHAPE = Symbol('kyc-contracts workflow answer shape');

/** Marks an output as a workflow's answer of this shape (the answer stage calls it). */
export function markWorkflowOutput(output: object, shape: string): void {
  Object.defineProperty(output, SHAPE, { value: shape });
}

export const checkEveryAnswer = (env: NodeJS.ProcessEnv = process.env): boolean => env['KYC_MOCK_CHECK_EVERY_ANSWER'] === '1';

type Validate<E> = (args: { resource: unknown; element: object }) => { _tag: 'Left'; left: E } | { _tag: 'Right'; right: unknown };

/**
 * Wraps Prism's `validateOutput`: a workflow output of a shape that passed before is taken as it is; everything
 * else is validated, and a workflow shape that passes is remembered (per API: one wrapper per Prism instance).
 */
export function validateOutputOnce<E>(validate: Validate<E>, everyAnswer = checkEveryAnswer()): Validate<E> {
  if (everyAnswer) return validate;
  const passed = new Set<string>();
  return (args) => {
    const shape = (args.element as { [SHAPE]?: string })[SHAPE];
    if (shape !== undefined && passed.has(shape)) return { _tag: 'Right', right: args.element };
    const result = validate(args);
    if (shape !== undefined && result._tag === 'Right') passed.add(shape);
    return result;
  };
}
