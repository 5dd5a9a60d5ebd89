package io.duckdock.ingest.scheduler;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** The Quartz shell around a task: it looks up the task's runner and runs it, nothing more. */
@DisallowConcurrentExecution
public final class TaskJob implements Job {
    static final String RUNNER = "runner";

    @Override
    public void execute(JobExecutionContext context) {
        ((TaskRunner) context.getMergedJobDataMap().get(RUNNER)).runNow();
    }
}
