package io.duckdock.ingest.scheduler;

import io.duckdock.error.DuckDockException;
import io.duckdock.error.ErrorCategory;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;

/**
 * The recurring jobs of {@code duckdock run}, on a private in-memory Quartz scheduler. Each task runs
 * at most once at a time; a run that would have started while the previous one was still going is
 * skipped, not queued (misfire: next with remaining count / do nothing).
 */
public final class Service implements AutoCloseable {
    private static final java.util.concurrent.atomic.AtomicLong INSTANCES = new java.util.concurrent.atomic.AtomicLong();
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
        Map<String, TaskRunner> runners = new LinkedHashMap<>();
        try {
            Scheduler scheduler = new StdSchedulerFactory(quartzProperties(tasks.size())).getScheduler();
            for (ScheduledTask task : tasks) {
                TaskRunner runner = new TaskRunner(task, clock);
                runners.put(task.name(), runner);
                JobDataMap data = new JobDataMap();
                data.put(TaskJob.RUNNER, runner);
                JobDetail job = JobBuilder.newJob(TaskJob.class).withIdentity(task.name()).usingJobData(data).build();
                scheduler.scheduleJob(job, trigger(task));
            }
            scheduler.start();
            return new Service(scheduler, runners);
        } catch (SchedulerException e) {
            throw new DuckDockException(ErrorCategory.INTERNAL, "Cannot start the scheduler: " + e.getMessage(), e);
        }
    }

    private static Trigger trigger(ScheduledTask task) {
        TriggerBuilder<Trigger> trigger = TriggerBuilder.newTrigger().withIdentity(task.name()).startNow();
        if (task.interval().isPresent()) {
            return trigger.withSchedule(SimpleScheduleBuilder.simpleSchedule()
                    .withIntervalInMilliseconds(task.interval().get().toMillis())
                    .repeatForever()
                    .withMisfireHandlingInstructionNextWithRemainingCount()).build();
        }
        String cron = task.cron().orElseThrow();
        try {
            return trigger.withSchedule(CronScheduleBuilder.cronSchedule(cron)
                    .withMisfireHandlingInstructionDoNothing()).build();
        } catch (RuntimeException e) {
            throw new DuckDockException(ErrorCategory.CONFIGURATION, "Invalid cron expression '" + cron
                    + "' for the " + task.name() + " job (" + task.name() + ".cron): " + e.getMessage()
                    + "; give 6 or 7 Quartz fields, such as '0 */5 * * * ?'.", e);
        }
    }

    private static Properties quartzProperties(int tasks) {
        Properties properties = new Properties();
        properties.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, "duckdock-" + INSTANCES.incrementAndGet());
        properties.setProperty("org.quartz.threadPool.threadCount", Integer.toString(Math.max(1, tasks)));
        properties.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
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
