package io.duckdock.app.service;

import io.duckdock.cluster.ClusterNode;
import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.IngesterLock;
import io.duckdock.ingest.WriteFence;
import io.duckdock.ingest.scheduler.IngestService;
import io.duckdock.ingest.scheduler.TaskStats;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** The ingest service of a node that may stand by: started when the node takes over, stopped when it loses the role. */
final class ActiveIngester implements ClusterNode.Activation {
    private final DuckDockConfig config;
    private final Clock clock;
    private final IngestActivity activity;
    private final boolean withSharedJobs;
    private final AtomicReference<IngestService> service = new AtomicReference<>();

    /**
     * @param withSharedJobs whether the active node also sweeps staging and purges the archive (false
     *     when the cluster's scheduler runs those on some node)
     */
    ActiveIngester(DuckDockConfig config, Clock clock, IngestActivity activity, boolean withSharedJobs) {
        this.config = config;
        this.clock = clock;
        this.activity = activity;
        this.withSharedJobs = withSharedJobs;
    }

    @Override
    public void activate(IngesterLock lock, WriteFence fence) {
        service.set(IngestService.start(config, clock, activity, lock, fence, withSharedJobs));
    }

    @Override
    public void deactivate() {
        IngestService running = service.getAndSet(null);
        if (running != null) {
            running.close();
        }
    }

    /** The jobs' stats while active; none while standing by. */
    List<TaskStats> stats() {
        IngestService running = service.get();
        return running == null ? List.of() : running.stats();
    }
}
