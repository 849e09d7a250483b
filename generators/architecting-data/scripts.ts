import { dedent } from '../shared/text.js';

/**
 * The two small Python scripts of architecture/ddl/: applying the local DuckDB DDL (the python
 * duckdb package is in every project's requirements, the duckdb CLI is not), and rendering the
 * `${VAR}` references of the BigQuery and Databricks DDL, which SQL cannot read from the
 * environment itself.
 */

export const APPLY_LOCAL_PATH = 'architecture/ddl/apply_local.py';
export const RENDER_SQL_PATH = 'architecture/ddl/render_sql.py';

export function renderApplyLocal(): string {
  return dedent`
    """Apply the local DuckDB DDL (architecture/ddl/duckdb/*.sql, in name order) to DUCKDB_PATH.

    The files are idempotent (CREATE ... IF NOT EXISTS, COMMENT ON), so running this again after a
    change only adds what is missing. Used by \`make ddl-local\`.
    """

    from __future__ import annotations

    import os
    import sys
    from pathlib import Path

    import duckdb

    DDL_FOLDER = Path(__file__).resolve().parent / "duckdb"
    DEFAULT_DATABASE = "./data/warehouse.duckdb"


    def main() -> int:
        database = Path(os.environ.get("DUCKDB_PATH") or DEFAULT_DATABASE)
        files = sorted(DDL_FOLDER.glob("*.sql"))
        if not files:
            print(f"no DDL files in {DDL_FOLDER}", file=sys.stderr)
            return 1
        database.parent.mkdir(parents=True, exist_ok=True)
        with duckdb.connect(str(database)) as connection:
            for path in files:
                try:
                    # One file is one unit: a failing statement reports the file and stops.
                    connection.execute(path.read_text(encoding="utf-8"))
                except duckdb.Error as error:
                    print(f"{path.name}: {error}", file=sys.stderr)
                    return 1
                print(f"applied {path.name}")
        print(f"raw tables ready in {database}")
        return 0


    if __name__ == "__main__":
        sys.exit(main())
  `;
}

export function renderRenderSql(): string {
  return dedent`
    """Print a SQL file with its environment references replaced by their values.

    The BigQuery and Databricks DDL name the GCP project or the Unity Catalog catalog, which differ
    per environment; SQL has no portable way to read an environment variable, so the make targets
    pipe each file through this script. A reference is a dollar sign followed by the variable name
    in braces; one to an unset variable is an error, never an empty string.

    Usage: python architecture/ddl/render_sql.py FILE.sql
    """

    from __future__ import annotations

    import os
    import re
    import sys
    from pathlib import Path

    REFERENCE = re.compile(r"\\$\\{([A-Z][A-Z0-9_]*)\\}")


    def main(arguments: list[str]) -> int:
        if len(arguments) != 1:
            print("usage: render_sql.py FILE.sql", file=sys.stderr)
            return 2
        text = Path(arguments[0]).read_text(encoding="utf-8")
        missing = sorted({name for name in REFERENCE.findall(text) if not os.environ.get(name)})
        if missing:
            print(f"{arguments[0]}: set {', '.join(missing)} (see .env.example)", file=sys.stderr)
            return 1
        sys.stdout.write(REFERENCE.sub(lambda match: os.environ[match.group(1)], text))
        return 0


    if __name__ == "__main__":
        sys.exit(main(sys.argv[1:]))
  `;
}
