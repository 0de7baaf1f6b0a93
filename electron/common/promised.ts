/**
 * `work`'s answer as a promise, and its throw as the promise's rejection: for synchronous work
 * behind an asynchronous interface, whose callers catch refusals on the promise.
 */
export const promised = <T>(work: () => T): Promise<T> => new Promise((resolve) => resolve(work()));
