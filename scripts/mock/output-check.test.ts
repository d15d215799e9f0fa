import { describe, expect, it } from 'vitest';
import { answerShape, checkEveryAnswer, markWorkflowOutput, shapeOf, validateOutputOnce } from './output-check.js';

describe('shapeOf', () => {
  it('sees types, keys and element shapes, not values', () => {
    expect(shapeOf({ a: 1, b: 'x' })).toBe(shapeOf({ a: 2, b: 'y' }));
    // Keys in another order are another shape (validated once more, never skipped wrongly).
    expect(shapeOf({ a: 1, b: 'x' })).not.toBe(shapeOf({ b: 'y', a: 2 }));
    // A key holding the separators cannot pass for two keys.
    expect(shapeOf({ 'a:s,b': 1 })).not.toBe(shapeOf({ a: 'x', b: 1 }));
    // Too deep to tell: never the same shape twice.
    const deep = (n: number): unknown => (n === 0 ? 1 : { x: deep(n - 1) });
    expect(shapeOf(deep(40))).not.toBe(shapeOf(deep(40)));
    expect(shapeOf({ a: 1 })).not.toBe(shapeOf({ a: '1' }));
    expect(shapeOf({ a: 1 })).not.toBe(shapeOf({ a: 1.5 }));
    expect(shapeOf({ a: [] })).not.toBe(shapeOf({ a: [{ id: 1 }] }));
    expect(shapeOf({ a: null })).not.toBe(shapeOf({}));
    expect(shapeOf([{ id: 1 }, { id: 2 }])).toBe(shapeOf([{ id: 3 }]));
    expect(shapeOf([{ id: 1 }, { name: 'x' }])).not.toBe(shapeOf([{ id: 1 }]));
  });
});

describe('validateOutputOnce', () => {
  const counting = (fails = false) => {
    let calls = 0;
    const validate = () => {
      calls++;
      return fails ? ({ _tag: 'Left', left: ['bad'] } as const) : ({ _tag: 'Right', right: undefined } as const);
    };
    return { validate, calls: () => calls };
  };

  it('validates a workflow answer of a new shape, and takes later ones of that shape as they are', () => {
    const { validate, calls } = counting();
    const check = validateOutputOnce(validate, false);
    const output = (body: unknown) => {
      const element = { statusCode: 200, body };
      markWorkflowOutput(element, answerShape('getCheck', 200, body));
      return element;
    };
    check({ resource: {}, element: output({ status: 'pending' }) });
    check({ resource: {}, element: output({ status: 'ok' }) });
    expect(calls()).toBe(1);
    check({ resource: {}, element: output({ status: 'ok', data: {} }) });
    expect(calls()).toBe(2);
  });

  it('always validates answers that are not a workflow\'s, and a shape that failed', () => {
    const plain = counting();
    const check = validateOutputOnce(plain.validate, false);
    check({ resource: {}, element: { statusCode: 200 } });
    check({ resource: {}, element: { statusCode: 200 } });
    expect(plain.calls()).toBe(2);

    const failing = counting(true);
    const strict = validateOutputOnce(failing.validate, false);
    for (let i = 0; i < 2; i++) {
      const element = { statusCode: 200, body: { status: 1 } };
      markWorkflowOutput(element, answerShape('getCheck', 200, element.body));
      expect(strict({ resource: {}, element })._tag).toBe('Left');
    }
    expect(failing.calls()).toBe(2);
  });

  it('validates every answer when asked (the test suite does)', () => {
    const { validate, calls } = counting();
    const check = validateOutputOnce(validate, true);
    for (let i = 0; i < 3; i++) {
      const element = { statusCode: 200, body: {} };
      markWorkflowOutput(element, answerShape('x', 200, {}));
      check({ resource: {}, element });
    }
    expect(calls()).toBe(3);
    expect(checkEveryAnswer({ KYC_MOCK_CHECK_EVERY_ANSWER: '1' })).toBe(true);
    expect(checkEveryAnswer({})).toBe(false);
  });
});
