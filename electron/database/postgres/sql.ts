import type pg from 'pg';

/** The statements a directory module runs, on the pool (one statement each) or in a transaction. */
export interface Sql {
  rows: <R>(text: string, values?: readonly unknown[]) => Promise<R[]>;
  row: <R>(text: string, values?: readonly unknown[]) => Promise<R | undefined>;
  /** The first column of the first row. */
  value: <V>(text: string, values?: readonly unknown[]) => Promise<V | undefined>;
  /** How many rows the statement changed. */
  run: (text: string, values?: readonly unknown[]) => Promise<number>;
}

export function sqlOn(client: pg.Pool | pg.PoolClient): Sql {
  const query = <R extends pg.QueryResultRow>(text: string, values: readonly unknown[] = []) =>
    client.query<R>(text, values as unknown[]);
  return {
    rows: async <R>(text: string, values?: readonly unknown[]) => (await query(text, values)).rows as R[],
    row: async <R>(text: string, values?: readonly unknown[]) =>
      (await query(text, values)).rows[0] as R | undefined,
    value: async <V>(text: string, values?: readonly unknown[]) => {
      const result = await client.query({ text, values: values as unknown[], rowMode: 'array' });
      return (result.rows[0] as unknown[] | undefined)?.[0] as V | undefined;
    },
    run: async (text, values) => (await query(text, values)).rowCount ?? 0,
  };
}
