package io.duckdock.ingest.scheduler;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * The Quartz shell around a task: it runs the task's runner, nothing more. Built by {@link
 * TaskJobFactory}, so that a job stored in PostgreSQL carries only the task's name.
 */
@DisallowConcurrentExecution
public final class TaskJob implements Job {
    private final TaskRunner runner;

    TaskJob(TaskRunner runner) {
        this.runner = runner;
    }

    @Override
    public void execute(JobExecutionContext context) {
        runner.runNow();
    }
}
