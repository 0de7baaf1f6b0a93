import type { Directory } from '../directory/directory';

/**
 * The same directory, reporting how each call ended (undefined for success,
 * else what it threw) before passing the outcome on unchanged.
 */
export function observeDirectory(directory: Directory, onOutcome: (error: unknown) => void): Directory {
  const observed: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(directory)) {
    if (typeof member !== 'function') continue;
    const method = member as (...args: unknown[]) => unknown;
    observed[name] = (...args: unknown[]) => {
      const result = method.apply(directory, args);
      if (!(result instanceof Promise)) return result;
      return result.then(
        (value: unknown) => {
          onOutcome(undefined);
          return value;
        },
        (error: unknown) => {
          onOutcome(error);
          throw error;
        },
      );
    };
  }
  // Every member of a Directory is a method, so each has its wrapper above.
  return observed as unknown as Directory;
}
