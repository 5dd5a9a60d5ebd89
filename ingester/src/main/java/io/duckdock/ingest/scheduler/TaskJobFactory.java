package io.duckdock.ingest.scheduler;

import java.util.Map;
import org.quartz.Job;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.spi.JobFactory;
import org.quartz.spi.TriggerFiredBundle;

/** Binds a fired job, by its name, to this process's runner of the task of that name. */
final class TaskJobFactory implements JobFactory {
    private final Map<String, TaskRunner> runners;

    TaskJobFactory(Map<String, TaskRunner> runners) {
        this.runners = Map.copyOf(runners);
    }

    @Override
    public Job newJob(TriggerFiredBundle bundle, Scheduler scheduler) throws SchedulerException {
        String name = bundle.getJobDetail().getKey().getName();
        TaskRunner runner = runners.get(name);
        if (runner == null) {
            // a job another node stored (a newer version's task): not ours to run
            throw new SchedulerException("No task named " + name + " in this DuckDock service");
        }
        return new TaskJob(runner);
    }
}
