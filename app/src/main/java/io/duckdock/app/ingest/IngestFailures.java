package io.duckdock.app.ingest;

import io.duckdock.app.CommandFailedException;
import io.duckdock.app.ExitCodes;
import io.duckdock.ingest.DatabaseLockedException;
import io.duckdock.ingest.IngestException;
import io.duckdock.ingest.IngesterLockedException;
import io.duckdock.ingest.InMemoryWarehouseException;

/** Maps the ingester's typed failures to the CLI's documented exit codes. */
public final class IngestFailures {
  private IngestFailures() {}

  public static CommandFailedException translate(IngestException e) {
    if (e instanceof IngesterLockedException) {
      return new CommandFailedException(ExitCodes.INGESTER_RUNNING, e.getMessage());
    }
    if (e instanceof InMemoryWarehouseException) {
      return new CommandFailedException(ExitCodes.USAGE, e.getMessage());
    }
    if (e instanceof DatabaseLockedException) {
      return new CommandFailedException(ExitCodes.DATABASE_LOCKED, e.getMessage());
    }
    return new CommandFailedException(ExitCodes.INTERNAL_ERROR, e.getMessage());
  }
}
