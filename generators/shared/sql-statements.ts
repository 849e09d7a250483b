/**
 * SQL text split into statements, for code that runs generated SQL statement by statement: the
 * plan capture at generation time, the layer-3 checks and the verification suite.
 */

export interface SqlStatement {
  text: string;
  /** 1-based line of the statement's first character in its file. */
  line: number;
}

/**
 * Splits SQL on semicolons outside quotes and comments. Comments are dropped from the statements
 * (their text may hold anything), quotes are kept; a doubled quote is an escaped quote.
 */
export function splitStatements(sql: string): SqlStatement[] {
  const statements: SqlStatement[] = [];
  let current = '';
  let startLine = 1;
  let line = 1;
  let quote = '';
  for (let index = 0; index < sql.length; index++) {
    const char = sql.charAt(index);
    if (quote) {
      current += char;
      if (char === '\n') line++;
      if (char === quote) {
        if (sql.charAt(index + 1) === quote) {
          current += quote;
          index++;
        } else quote = '';
      }
      continue;
    }
    if (sql.startsWith('--', index)) {
      const end = sql.indexOf('\n', index);
      index = (end === -1 ? sql.length : end) - 1;
      continue;
    }
    if (sql.startsWith('/*', index)) {
      const end = sql.indexOf('*/', index + 2);
      const comment = sql.slice(index, end === -1 ? sql.length : end + 2);
      line += comment.split('\n').length - 1;
      index = (end === -1 ? sql.length : end + 2) - 1;
      continue;
    }
    if (char === "'" || char === '"' || char === '`') quote = char;
    if (char === ';') {
      if (current.trim() !== '') statements.push({ text: current.trim(), line: startLine });
      current = '';
      continue;
    }
    if (current.trim() === '' && char.trim() !== '') startLine = line;
    if (char === '\n') line++;
    current += char;
  }
  if (quote) statements.push({ text: current.trim(), line: startLine });
  else if (current.trim() !== '') statements.push({ text: current.trim(), line: startLine });
  return statements;
}

/** The statements' texts only. */
export function splitSqlStatements(sql: string): string[] {
  return splitStatements(sql).map((statement) => statement.text);
}
