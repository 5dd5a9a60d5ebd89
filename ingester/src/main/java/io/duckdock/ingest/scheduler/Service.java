package io.duckdock.ingest.scheduler;

import io.duckdock.error.DuckDockException;
import io.duckdock.error.ErrorCategory;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.DBConnectionManager;

/**
 * The recurring jobs of {@code duckdock run}, on a private in-memory Quartz scheduler, or on Quartz's
 * clustered JDBC job store shared by the nodes of a cluster. Each task runs at most once at a time
 * (in a cluster: on one node at a time); a run that would have started while the previous one was
 * still going is skipped, not queued (misfire: next with remaining count / do nothing).
 */
public final class Service implements AutoCloseable {
    private static final java.util.concurrent.atomic.AtomicLong INSTANCES =
            new java.util.concurrent.atomic.AtomicLong();
    /** The scheduler name every node of a cluster shares: Quartz's tables are keyed by it. */
    static final String CLUSTER_SCHEDULER = "duckdock-cluster";

    private final Scheduler scheduler;
    private final Map<String, TaskRunner> runners;

    private Service(Scheduler scheduler, Map<String, TaskRunner> runners) {
        this.scheduler = scheduler;
        this.runners = runners;
    }

    /**
     * Schedules the tasks, each starting at once, and starts the scheduler.
     *
     * @throws DuckDockException (configuration) naming the task whose cron expression Quartz refuses;
     *                           (internal) when Quartz cannot start
     */
    public static Service start(List<ScheduledTask> tasks, Clock clock) {
        Properties properties = quartzProperties("duckdock-" + INSTANCES.incrementAndGet(), tasks.size());
        properties.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        return start(tasks, clock, properties);
    }

    /**
     * Schedules the tasks in the cluster's job store (replacing the schedules stored there by any
     * node) and starts this node's scheduler, which runs a task whenever the cluster gives it the turn.
     *
     * @throws DuckDockException (configuration) when the cluster database refuses Quartz's tables
     */
    public static Service start(List<ScheduledTask> tasks, Clock clock, ClusteredStore store) {
        QuartzTables.ensure(store.dataSource());
        String dataSource = "duckdock-cluster-" + INSTANCES.incrementAndGet();
        DBConnectionManager.getInstance().addConnectionProvider(dataSource, new PooledConnections(store.dataSource()));
        Properties properties = quartzProperties(CLUSTER_SCHEDULER, tasks.size());
        properties.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_ID, "AUTO");
        properties.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        properties.setProperty(
                "org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        properties.setProperty("org.quartz.jobStore.dataSource", dataSource);
        properties.setProperty("org.quartz.jobStore.isClustered", "true");
        properties.setProperty(
                "org.quartz.jobStore.clusterCheckinInterval",
                Long.toString(store.checkinInterval().toMillis()));
        return start(tasks, clock, properties);
    }

    private static Service start(List<ScheduledTask> tasks, Clock clock, Properties properties) {
        Map<String, TaskRunner> runners = new LinkedHashMap<>();
        try {
            Scheduler scheduler = new StdSchedulerFactory(properties).getScheduler();
            // each Service owns its scheduler: Quartz's JVM-wide repository would hand this one to the
            // next Service of the same name (cluster nodes share theirs)
            SchedulerRepository.getInstance().remove(scheduler.getSchedulerName());
            for (ScheduledTask task : tasks) {
                runners.put(task.name(), new TaskRunner(task, clock));
            }
            scheduler.setJobFactory(new TaskJobFactory(runners));
            for (ScheduledTask task : tasks) {
                JobDetail job = JobBuilder.newJob(TaskJob.class)
                        .withIdentity(task.name())
                        .storeDurably()
                        .build();
                scheduler.scheduleJob(job, Set.of(trigger(task)), true);
            }
            scheduler.start();
            return new Service(scheduler, runners);
        } catch (SchedulerException e) {
            throw new DuckDockException(ErrorCategory.INTERNAL, "Cannot start the scheduler: " + e.getMessage(), e);
        }
    }

    /**
     * Checks the task's schedule the way {@link #start} would, without starting anything.
     *
     * @throws DuckDockException (configuration) naming the task whose cron expression Quartz refuses
     */
    public static void check(ScheduledTask task) {
        trigger(task);
    }

    private static Trigger trigger(ScheduledTask task) {
        TriggerBuilder<Trigger> trigger =
                TriggerBuilder.newTrigger().withIdentity(task.name()).startNow();
        if (task.interval().isPresent()) {
            return trigger.withSchedule(SimpleScheduleBuilder.simpleSchedule()
                            .withIntervalInMilliseconds(task.interval().get().toMillis())
                            .repeatForever()
                            .withMisfireHandlingInstructionNextWithRemainingCount())
                    .build();
        }
        String cron = task.cron().orElseThrow();
        try {
            return trigger.withSchedule(
                            CronScheduleBuilder.cronSchedule(cron).withMisfireHandlingInstructionDoNothing())
                    .build();
        } catch (RuntimeException e) {
            throw new DuckDockException(
                    ErrorCategory.CONFIGURATION,
                    "Invalid cron expression '" + cron
                            + "' for the " + task.name() + " job (" + task.name() + ".cron): " + e.getMessage()
                            + "; give 6 or 7 Quartz fields, such as '0 */5 * * * ?'.",
                    e);
        }
    }

    private static Properties quartzProperties(String name, int tasks) {
        Properties properties = new Properties();
        properties.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, name);
        properties.setProperty("org.quartz.threadPool.threadCount", Integer.toString(Math.max(1, tasks)));
        properties.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        properties.setProperty("org.quartz.jobStore.misfireThreshold", "1000");
        return properties;
    }

    /** Stats of every task, in schedule order. */
    public List<TaskStats> stats() {
        return runners.values().stream().map(TaskRunner::stats).toList();
    }

    /** Stops scheduling and waits for the jobs in flight to finish. */
    @Override
    public void close() {
        try {
            scheduler.shutdown(true);
        } catch (SchedulerException e) {
            throw new DuckDockException(ErrorCategory.INTERNAL, "Cannot stop the scheduler: " + e.getMessage(), e);
        }
    }
}
