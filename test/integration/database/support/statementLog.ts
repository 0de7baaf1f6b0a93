import type Database from 'better-sqlite3';

export interface ExecutedStatement {
  sql: string;
  params: unknown[];
}

/**
 * Records every statement the product code prepares on `db` and runs (with its
 * parameters), so that the plans of its own queries can be read with EXPLAIN
 * QUERY PLAN without copying their SQL into the test. Nothing is replaced: the
 * real statement runs, it is only watched. Call before the code prepares.
 */
export function recordStatements(db: Database.Database) {
  const executed: ExecutedStatement[] = [];
  const prepare = db.prepare.bind(db);
  const watched = (sql: string) => {
    const statement = prepare(sql);
    return new Proxy(statement, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        const method = value as (...args: unknown[]) => unknown;
        if (property === 'all' || property === 'get' || property === 'run' || property === 'iterate') {
          return (...params: unknown[]) => {
            executed.push({ sql, params });
            return method.apply(target, params);
          };
        }
        // Mode setters (pluck, raw, expand…) answer the statement itself: answer the watched one,
        // so that a chained get or all is recorded too.
        return (...args: unknown[]) => {
          const result = method.apply(target, args);
          return result === target ? (receiver as unknown) : result;
        };
      },
    });
  };
  db.prepare = watched as typeof db.prepare;

  return {
    /** Runs `action` and returns the statements it executed, in order. */
    async during(action: () => unknown): Promise<ExecutedStatement[]> {
      const start = executed.length;
      await action();
      return executed.slice(start);
    },
    /** The EXPLAIN QUERY PLAN lines of an executed statement, with the parameters it ran with. */
    plan(statement: ExecutedStatement): string[] {
      return (
        prepare(`EXPLAIN QUERY PLAN ${statement.sql}`).all(...statement.params) as { detail: string }[]
      ).map((row) => row.detail);
    },
  };
}
