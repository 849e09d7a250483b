import { dedent, lines } from '../../../shared/text.js';
import type { StreamPlan } from '../../plan.js';
import { LOADER } from '../shared.js';

/** LoaderSupport.java: stop flag, heartbeat, dead-letter details and batch loading with isolation. */
export function javaLoaderSupport(plan: StreamPlan, pkg: string): string {
  const isKinesis = plan.streaming.broker === 'kinesis';
  const checkpointParameter = isKinesis ? ', RawLoader.Checkpoint checkpoint' : '';
  const checkpointArgument = isKinesis ? ', checkpoint' : '';
  return lines(
    `package ${pkg};`,
    '',
    'import java.io.IOException;',
    'import java.nio.file.Files;',
    'import java.nio.file.attribute.FileTime;',
    'import java.sql.SQLException;',
    'import java.time.Instant;',
    'import java.util.LinkedHashMap;',
    'import java.util.List;',
    'import java.util.Map;',
    'import java.util.logging.Logger;',
    '',
    "/** What every broker's loader loop shares: heartbeat, dead-letter details, batch loading. */",
    'public final class LoaderSupport {',
    `  public static final int BATCH_SIZE = ${LOADER.batchSize};`,
    '  private static final Logger LOG = Logger.getLogger(LoaderSupport.class.getName());',
    '',
    '  /** Sends a record that could not be decoded or loaded to its dead-letter topic. */',
    '  @FunctionalInterface',
    '  public interface DeadLetter<R> {',
    '    void send(R record, Exception error, int attempts) throws Exception;',
    '  }',
    '',
    '  /** A received record and what it decoded to. */',
    '  public record Pending<R>(R record, RawLoader.LoadItem item) {}',
    '',
    '  private LoaderSupport() {}',
    '',
    '  /** Touches the heartbeat file that the container and Kubernetes probes check. */',
    '  public static void heartbeat() throws IOException {',
    '    if (Files.notExists(Settings.HEARTBEAT_FILE)) {',
    '      Files.createFile(Settings.HEARTBEAT_FILE);',
    '    }',
    '    Files.setLastModifiedTime(Settings.HEARTBEAT_FILE, FileTime.from(Instant.now()));',
    '  }',
    '',
    '  /** What the dead-letter record carries about its failure (the Kafka Connect header convention). */',
    '  public static Map<String, String> errorDetails(Exception error, int attempts) {',
    '    Map<String, String> details = new LinkedHashMap<>();',
    '    String message = String.valueOf(error.getMessage());',
    '    details.put("dlq.error.class", error.getClass().getSimpleName());',
    '    details.put("dlq.error.message", message.length() > 1000 ? message.substring(0, 1000) : message);',
    '    details.put("dlq.error.attempts", Integer.toString(attempts));',
    '    details.put("dlq.failed.at", Instant.now().toString());',
    '    return details;',
    '  }',
    '',
    '  /**',
    '   * Loads the batch in one transaction with bounded retries of transient errors; when the batch is',
    '   * rejected (bad data), loads record by record so only the bad records are dead-lettered.',
    '   */',
    `  public static <R> void loadBatch(RawLoader loader, List<Pending<R>> batch, DeadLetter<R> deadLetter${checkpointParameter}) throws Exception {`,
    '    List<RawLoader.LoadItem> items = batch.stream().map(Pending::item).toList();',
    '    try {',
    `      Retry.withRetries("loading " + items.size() + " rows", RawLoader::isTransient, () -> { loader.load(items${checkpointArgument}); return null; });`,
    '      return;',
    '    } catch (SQLException | RuntimeException error) {',
    '      if (RawLoader.isTransient(error)) {',
    '        throw error;',
    '      }',
    '      LOG.warning(() -> "batch rejected (" + error.getMessage() + "); loading record by record to isolate the bad ones");',
    '    }',
    '    for (int index = 0; index < batch.size(); index++) {',
    '      Pending<R> pending = batch.get(index);',
    isKinesis &&
      '      RawLoader.Checkpoint position = index == batch.size() - 1 ? checkpoint : null;',
    '      try {',
    `      Retry.withRetries("loading " + pending.item().entity().name() + " " + pending.item().key(), RawLoader::isTransient, () -> { loader.load(List.of(pending.item())${isKinesis ? ', position' : ''}); return null; });`,
    '      } catch (SQLException | RuntimeException error) {',
    '        if (RawLoader.isTransient(error)) {',
    '          throw error;',
    '        }',
    '        deadLetter.send(pending.record(), error, Retry.MAX_ATTEMPTS);',
    isKinesis && [
      '        if (position != null) {',
      '          loader.load(List.of(), position);',
      '        }',
    ],
    '      }',
    '    }',
    isKinesis && [
      '    if (batch.isEmpty() && checkpoint != null) {',
      '      loader.load(List.of(), checkpoint);',
      '    }',
    ],
    '  }',
    '}',
  );
}

/** Reads the sample events of an entity (JSON lines) for the producers. */
export function javaSamples(pkg: string): string {
  return dedent`
    package ${pkg};

    import com.fasterxml.jackson.core.type.TypeReference;
    import com.fasterxml.jackson.databind.ObjectMapper;
    import java.io.IOException;
    import java.nio.file.Files;
    import java.util.ArrayList;
    import java.util.List;
    import java.util.Map;

    /** The sample events of streaming/samples/<entity>.jsonl, one canonical row per line. */
    public final class Samples {
      private static final ObjectMapper JSON = new ObjectMapper();
      private static final TypeReference<Map<String, Object>> ROW = new TypeReference<>() {};

      private Samples() {}

      public static List<Map<String, Object>> read(Catalog.Entity entity) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String line : Files.readAllLines(entity.samplePath())) {
          if (!line.isBlank()) {
            rows.add(JSON.readValue(line, ROW));
          }
        }
        return rows;
      }

      /** The entities named with --entity NAME (repeatable), or all of them; CDC-owned ones are skipped. */
      public static List<Catalog.Entity> selected(String[] args) {
        List<String> names = new ArrayList<>();
        for (int index = 0; index < args.length; index++) {
          if ("--entity".equals(args[index]) && index + 1 < args.length) {
            names.add(args[++index]);
          } else {
            throw new IllegalArgumentException("usage: [--entity NAME]... (known: " + Catalog.BY_NAME.keySet() + ")");
          }
        }
        for (String name : names) {
          if (!Catalog.BY_NAME.containsKey(name)) {
            throw new IllegalArgumentException("unknown entity " + name + " (known: " + Catalog.BY_NAME.keySet() + ")");
          }
        }
        return Catalog.ENTITIES.stream()
            .filter(entity -> names.isEmpty() || names.contains(entity.name()))
            .filter(entity -> "producer".equals(entity.source()))
            .toList();
      }
    }
  `;
}
