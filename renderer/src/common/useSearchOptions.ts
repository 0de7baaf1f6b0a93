import { useEffect, useState } from 'react';
import type { Result } from '../../../shared/contract/errors';
import type { Page } from '../../../shared/domain/directory';

/**
 * The first page of matches for what is typed in a picker, kept current as it
 * changes; an answer that arrives after a newer query was sent is dropped.
 * `search` must be stable (wrap it in useCallback).
 */
export function useSearchOptions<T>(search: (query: string) => Promise<Result<Page<T>>>, query: string): T[] {
  const [options, setOptions] = useState<T[]>([]);
  useEffect(() => {
    let current = true;
    void search(query).then((result) => {
      if (current && result.ok) setOptions(result.value.items);
    });
    return () => {
      current = false;
    };
  }, [search, query]);
  return options;
}
