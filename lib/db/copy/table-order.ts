/** Tables in foreign-key order: every table after the tables it references, so rows can be inserted as read. */

export class TableOrderError extends Error {}

/**
 * `references` maps a table to the tables its foreign keys point at. Among tables that are ready together,
 * names sort alphabetically, so the order is stable. A table that references itself (its rows would need an
 * order of their own) or a cycle of references cannot be ordered: that is an error, not a guess.
 */
export function orderTables(tables: string[], references: Map<string, Set<string>>): string[] {
  const known = new Set(tables);
  for (const [table, parents] of references) {
    if (!known.has(table)) continue;
    if (parents.has(table)) throw new TableOrderError(`table ${table} references itself: db:copy cannot order its rows (teach lib/db/copy how to)`);
    for (const parent of parents) {
      if (!known.has(parent)) throw new TableOrderError(`table ${table} references ${parent}, which is not among the tables to copy`);
    }
  }
  const ordered: string[] = [];
  const done = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = tables
      .filter((table) => !done.has(table) && [...(references.get(table) ?? [])].every((parent) => done.has(parent)))
      .sort();
    if (ready.length === 0) {
      const left = tables.filter((table) => !done.has(table)).sort();
      throw new TableOrderError(`the foreign keys of ${left.join(", ")} form a cycle: db:copy cannot order them`);
    }
    for (const table of ready) {
      ordered.push(table);
      done.add(table);
    }
  }
  return ordered;
}
