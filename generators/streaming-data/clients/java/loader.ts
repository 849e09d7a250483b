import { dedent, lines } from '../../../shared/text.js';
import { LOADER_STATE_SCHEMA } from '../../loader-sql.js';
import type { StreamPlan } from '../../plan.js';
import { LOADER } from '../shared.js';

/** Retry.java: bounded exponential backoff with full jitter. */
export function javaRetry(pkg: string): string {
  return dedent`
    package ${pkg};

    import java.util.concurrent.ThreadLocalRandom;
    import java.util.function.Predicate;
    import java.util.logging.Logger;

    /**
     * Bounded exponential backoff with full jitter: attempt n waits a random time in
     * [0, min(cap, base * 2^(n-1))], so many loaders retrying a recovering warehouse spread out, and the
     * bound keeps a poison record from blocking its partition (it goes to the dead-letter topic).
     */
    public final class Retry {
      public static final int MAX_ATTEMPTS = ${LOADER.maxAttempts};
      private static final double BASE_DELAY_SECONDS = ${LOADER.baseDelaySeconds};
      private static final double MAX_DELAY_SECONDS = ${LOADER.maxDelaySeconds};
      private static final Logger LOG = Logger.getLogger(Retry.class.getName());

      @FunctionalInterface
      public interface Operation<T> {
        T run() throws Exception;
      }

      private Retry() {}

      /** Runs the operation, retrying errors the predicate accepts; the last error propagates. */
      public static <T> T withRetries(String description, Predicate<Exception> isTransient, Operation<T> operation) throws Exception {
        for (int attempt = 1; ; attempt++) {
          try {
            return operation.run();
          } catch (Exception error) {
            if (attempt >= MAX_ATTEMPTS || !isTransient.test(error)) {
              throw error;
            }
            double cap = Math.min(MAX_DELAY_SECONDS, BASE_DELAY_SECONDS * Math.pow(2, attempt - 1));
            long delay = (long) (ThreadLocalRandom.current().nextDouble(0, cap) * 1000);
            String warning = description + " failed (attempt " + attempt + "/" + MAX_ATTEMPTS + "): " + error.getMessage() + "; retrying in " + delay + " ms";
            LOG.warning(warning);
            Thread.sleep(delay);
          }
        }
      }
    }
  `;
}

/** RawLoader.java: the idempotent DuckDB loader (JDBC). */
export function javaRawLoader(plan: StreamPlan, pkg: string): string {
  const isKinesis = plan.streaming.broker === 'kinesis';
  return lines(
    `package ${pkg};`,
    '',
    'import java.nio.file.Files;',
    'import java.nio.file.Path;',
    'import java.sql.Connection;',
    'import java.sql.DriverManager;',
    'import java.sql.PreparedStatement;',
    isKinesis && 'import java.sql.ResultSet;',
    'import java.sql.SQLException;',
    'import java.sql.Statement;',
    'import java.util.ArrayList;',
    'import java.util.List;',
    'import java.util.Map;',
    isKinesis && 'import java.util.Optional;',
    '',
    '/**',
    ' * Loads decoded events into the raw tables of the local DuckDB warehouse, idempotently: facts insert',
    ' * with ON CONFLICT DO NOTHING, dimensions upsert only when the incoming version is at least as new.',
    ' * One transaction per batch; the connection is opened per batch because DuckDB allows one writing',
    ' * process per file, so dbt and other tools can open the database between batches.',
    ' */',
    'public final class RawLoader {',
    '  /** One decoded event (or a tombstone when row is null) and where it came from. */',
    '  public record LoadItem(Catalog.Entity entity, Map<String, Object> row, String key, Map<String, Object> metadata) {',
    '    List<Object> parameters() {',
    '      List<Object> values = new ArrayList<>();',
    '      if (row == null) {',
    '        values.add(metadata.get("cdc_committed_at"));',
    '        values.add(key);',
    '        return values;',
    '      }',
    '      for (Catalog.Field field : entity.fields()) {',
    '        values.add(row.get(field.name()));',
    '      }',
    '      for (String name : Catalog.METADATA_PARAMETERS) {',
    '        values.add(metadata.get(name));',
    '      }',
    '      return values;',
    '    }',
    '',
    '    String statement() {',
    '      if (row == null) {',
    '        if (entity.tombstone() == null) {',
    '          throw new IllegalArgumentException(entity.topic() + " does not accept tombstones");',
    '        }',
    '        return entity.tombstone();',
    '      }',
    '      return entity.upsert();',
    '    }',
    '  }',
    isKinesis && [
      '',
      '  /** The last Kinesis record of a shard that is safely in the warehouse. */',
      '  public record Checkpoint(String stream, String shardId, String sequenceNumber) {}',
    ],
    '',
    '  private final String path;',
    '',
    '  public RawLoader(String path) {',
    '    this.path = path;',
    '  }',
    '',
    '  private Connection connect() throws SQLException {',
    '    try {',
    '      Path parent = Path.of(path).toAbsolutePath().getParent();',
    '      if (parent != null) {',
    '        Files.createDirectories(parent);',
    '      }',
    '    } catch (java.io.IOException error) {',
    '      throw new SQLException("cannot create the folder of " + path, error);',
    '    }',
    '    return DriverManager.getConnection("jdbc:duckdb:" + path);',
    '  }',
    '',
    '  /** Creates the raw tables when architecture/ddl has not (same definition: a no-op then). */',
    '  public void ensureTables() throws SQLException {',
    '    try (Connection connection = connect(); Statement statement = connection.createStatement()) {',
    '      statement.execute("CREATE SCHEMA IF NOT EXISTS raw");',
    '      for (Catalog.Entity entity : Catalog.ENTITIES) {',
    '        statement.execute(entity.createTable());',
    '      }',
    isKinesis && [
      `      statement.execute("CREATE SCHEMA IF NOT EXISTS ${LOADER_STATE_SCHEMA}");`,
      '      statement.execute(',
      `          "CREATE TABLE IF NOT EXISTS ${LOADER_STATE_SCHEMA}.kinesis_checkpoints (stream VARCHAR NOT NULL, shard_id VARCHAR NOT NULL, "`,
      '              + "sequence_number VARCHAR NOT NULL, updated_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, "',
      '              + "PRIMARY KEY (stream, shard_id))");',
    ],
    '    }',
    '  }',
    isKinesis && [
      '',
      '  public Optional<String> checkpoint(String stream, String shardId) throws SQLException {',
      '    try (Connection connection = connect();',
      '        PreparedStatement statement =',
      `            connection.prepareStatement("SELECT sequence_number FROM ${LOADER_STATE_SCHEMA}.kinesis_checkpoints WHERE stream = ? AND shard_id = ?")) {`,
      '      statement.setString(1, stream);',
      '      statement.setString(2, shardId);',
      '      try (ResultSet result = statement.executeQuery()) {',
      '        return result.next() ? Optional.of(result.getString(1)) : Optional.empty();',
      '      }',
      '    }',
      '  }',
    ],
    '',
    '  /** Writes the items in one transaction: all of them land, or none. */',
    `  public void load(List<LoadItem> items${isKinesis ? ', Checkpoint checkpoint' : ''}) throws SQLException {`,
    `    if (items.isEmpty()${isKinesis ? ' && checkpoint == null' : ''}) {`,
    '      return;',
    '    }',
    '    try (Connection connection = connect()) {',
    '      connection.setAutoCommit(false);',
    '      try {',
    '        for (LoadItem item : items) {',
    '          try (PreparedStatement statement = connection.prepareStatement(item.statement())) {',
    '            List<Object> parameters = item.parameters();',
    '            for (int index = 0; index < parameters.size(); index++) {',
    '              statement.setObject(index + 1, parameters.get(index));',
    '            }',
    '            statement.executeUpdate();',
    '          }',
    '        }',
    isKinesis && [
      '        if (checkpoint != null) {',
      '          // The position commits with the rows: a crash can never skip or double-load a record.',
      '          try (PreparedStatement statement =',
      '              connection.prepareStatement(',
      `                  "INSERT INTO ${LOADER_STATE_SCHEMA}.kinesis_checkpoints (stream, shard_id, sequence_number) VALUES (?, ?, ?) "`,
      '                      + "ON CONFLICT (stream, shard_id) DO UPDATE SET sequence_number = EXCLUDED.sequence_number, "',
      '                      + "updated_at = current_timestamp")) {',
      '            statement.setString(1, checkpoint.stream());',
      '            statement.setString(2, checkpoint.shardId());',
      '            statement.setString(3, checkpoint.sequenceNumber());',
      '            statement.executeUpdate();',
      '          }',
      '        }',
    ],
    '        connection.commit();',
    '      } catch (SQLException | RuntimeException error) {',
    '        connection.rollback();',
    '        throw error;',
    '      }',
    '    }',
    '  }',
    '',
    '  /** Loading errors worth retrying: the file is locked by another process or I/O failed. */',
    '  public static boolean isTransient(Exception error) {',
    '    String message = String.valueOf(error.getMessage());',
    '    return error instanceof SQLException && (message.contains("IO Error") || message.contains("Could not set lock") || message.contains("TransactionContext"));',
    '  }',
    '}',
  );
}
