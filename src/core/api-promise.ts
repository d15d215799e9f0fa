/**
 * What every call returns: a Promise of the documented body that can also give the HTTP status and headers of
 * the answer (`await client.getApplicant(…).withResponse()`), in the manner of Stainless SDKs' APIPromise.
 */

export interface ResponseInfo {
  readonly status: number;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The URL that answered (after same-origin redirects). */
  readonly url: string;
}

export interface WithResponse<T> {
  readonly data: T;
  readonly response: ResponseInfo;
}

// Made once, not per call: a call is an ApiPromise, and most calls are awaited straight away.
const settleUnused = (resolve: (value: never) => void): void => resolve(undefined as never);
const dataOf = <T>(result: WithResponse<T>): T => result.data;

export class ApiPromise<T> extends Promise<T> {
  readonly #withResponse: Promise<WithResponse<T>>;
  #data: Promise<T> | undefined;

  constructor(withResponse: Promise<WithResponse<T>>) {
    // The executor is never used for the value: `then` below reads it from `withResponse`.
    super(settleUnused);
    this.#withResponse = withResponse;
  }

  // Promise methods on an ApiPromise return plain Promises.
  static override get [Symbol.species]() {
    return Promise;
  }

  /** The body together with the answer's status, headers and URL. */
  withResponse(): Promise<WithResponse<T>> {
    return this.#withResponse;
  }

  #value(): Promise<T> {
    return (this.#data ??= this.#withResponse.then(dataOf));
  }

  override then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#value().then(onFulfilled, onRejected);
  }

  override catch<R = never>(onRejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.#value().catch(onRejected);
  }

  override finally(onFinally?: (() => void) | null): Promise<T> {
    return this.#value().finally(onFinally);
  }
}
