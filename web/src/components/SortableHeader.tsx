// A table's header row whose cells sort it: click once for the column's first direction, again to reverse.

export interface SortState<K extends string = string> {
  key: K;
  dir: 1 | -1;
}

interface Column<K extends string> {
  key: K;
  label: string;
  title?: string;
  /** the direction of the first click (worst first for severity-like columns); ascending by default */
  firstDir?: 1 | -1;
}

export function SortableHeader<K extends string>({ cols, sort, onSort }: { cols: readonly Column<K>[]; sort: SortState<K>; onSort: (s: SortState<K>) => void }) {
  return (
    <tr>
      {cols.map((c) => (
        <th key={c.key} title={c.title} aria-sort={sort.key === c.key ? (sort.dir === 1 ? "ascending" : "descending") : "none"}>
          <button onClick={() => onSort({ key: c.key, dir: sort.key === c.key ? ((-sort.dir) as 1 | -1) : (c.firstDir ?? 1) })} data-sort={c.key}>
            {c.label}
            {sort.key === c.key ? (sort.dir === 1 ? " ▲" : " ▼") : ""}
          </button>
        </th>
      ))}
    </tr>
  );
}
