import type { ReactNode } from 'react';

/**
 * A table of records on a record page: its caption (read out by screen readers, or shown), one
 * heading per column, one row per record, scrolling sideways on a narrow screen; with `empty`, a
 * line in its place when there are no records.
 */
export function RecordTable<T>(props: {
  /** the `data-table` name that tests and styles use */
  name?: string;
  caption: string;
  /** show the caption (default: for screen readers only, when a heading already names the table) */
  showCaption?: boolean;
  columns: readonly ReactNode[];
  rows: readonly T[];
  /** the row (`<tr>`) of one record */
  row: (record: T, i: number) => ReactNode;
  empty?: ReactNode;
}) {
  if (props.rows.length === 0 && props.empty !== undefined) return <p className="muted">{props.empty}</p>;
  return (
    <div className="table-scroll">
      <table className="table" data-table={props.name}>
        <caption className={props.showCaption ? undefined : 'visually-hidden'}>{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((c, i) => (
              <th key={i} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{props.rows.map(props.row)}</tbody>
      </table>
    </div>
  );
}
