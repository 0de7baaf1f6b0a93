import { useCallback } from 'react';
import { useDebouncedValue } from '../common/useDebouncedValue';
import { useSearchOptions } from '../common/useSearchOptions';
import { roster } from '../roster/roster';

const GROUP_OPTIONS = 50;

/**
 * The groups whose name contains what is typed, searched on the main side (a short pause after
 * typing, older answers dropped), for a picker's options; and the text they answer.
 */
export function useGroupOptions(instanceId: string, input: string) {
  const query = useDebouncedValue(input, 60);
  const searchGroups = useCallback(
    (text: string) =>
      roster().invoke('directory.groups.search', {
        instanceId,
        page: { query: text, offset: 0, limit: GROUP_OPTIONS },
      }),
    [instanceId],
  );
  return { options: useSearchOptions(searchGroups, query), query };
}
