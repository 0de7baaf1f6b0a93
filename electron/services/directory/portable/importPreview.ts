import { RosterError } from '../../../../shared/contract/errors';
import type {
  ImportPreview,
  ImportRequest,
  ImportRow,
  ImportRowPlan,
} from '../../../../shared/domain/userImport';
import { uniqueKey } from '../../../../shared/domain/userRules';
import type { Work } from '../../../database/portable/steps';
import { otherEnabledAdmins } from './accountsTable';
import {
  adminArrives,
  adminLeaves,
  assertFirst,
  firstLines,
  groupByKey,
  planRow,
  readRow,
  type PlanRights,
  type RowPlan,
} from './importPlan';

/** A refusal's reason; any other failure is not the row's and goes on up. */
export const reasonOf = (error: unknown): string => {
  if (error instanceof RosterError) return error.message;
  throw error;
};

interface PlannedRow {
  outcome: ImportRowPlan['outcome'];
  duplicate: boolean;
  plan: ImportRowPlan;
  /** The groups the row would join, which may not exist yet. */
  groups: string[];
}

/** One row's plan as the preview lists it, with `judge` for what depends on the rows before. */
function* planOne(
  rights: PlanRights,
  row: ImportRow,
  first: ReadonlyMap<string, number>,
  judge: (plan: RowPlan) => void,
): Work<PlannedRow> {
  let username = row.username.trim();
  let duplicate = false;
  try {
    const fields = readRow(row);
    username = fields.username;
    try {
      assertFirst(first, row, fields.username);
    } catch (error) {
      duplicate = true;
      throw error;
    }
    const plan = yield* planRow(rights, fields);
    judge(plan);
    return {
      outcome: plan.kind,
      duplicate,
      plan: {
        line: row.line,
        username: plan.kind === 'create' ? plan.fields.username : plan.user.username,
        outcome: plan.kind,
        changes: plan.kind === 'update' ? plan.labels : [],
        reason: null,
      },
      groups: plan.kind === 'create' ? plan.groups : plan.kind === 'update' ? plan.addGroups : [],
    };
  } catch (error) {
    const reason = reasonOf(error);
    return {
      outcome: 'refused',
      duplicate,
      plan: { line: row.line, username, outcome: 'refused', changes: [], reason },
      groups: [],
    };
  }
}

/**
 * What the rows would do now; nothing is written. Run it in one snapshot of the directory, so that
 * a write committed meanwhile cannot make rows disagree.
 */
export function* importPreview(rights: PlanRights, request: ImportRequest): Work<ImportPreview> {
  const first = firstLines(request.rows);
  let admins = yield* otherEnabledAdmins([]);
  const newGroups = new Map<string, string>();
  const answer: ImportPreview = {
    create: 0,
    update: 0,
    unchanged: 0,
    refused: 0,
    duplicates: 0,
    newGroups: [],
    rows: [],
  };
  for (const row of request.rows) {
    const planned = yield* planOne(rights, row, first, (plan) => {
      if (adminLeaves(plan) && admins - 1 <= 0)
        throw new RosterError('CONFLICT', 'That would leave no enabled administrator.');
      admins += (adminArrives(plan) ? 1 : 0) - (adminLeaves(plan) ? 1 : 0);
    });
    answer[planned.outcome] += 1;
    if (planned.duplicate) answer.duplicates += 1;
    answer.rows.push(planned.plan);
    for (const name of planned.groups)
      if (!newGroups.has(uniqueKey(name)) && !(yield* groupByKey(uniqueKey(name))))
        newGroups.set(uniqueKey(name), name);
  }
  answer.newGroups = [...newGroups.values()];
  return answer;
}
