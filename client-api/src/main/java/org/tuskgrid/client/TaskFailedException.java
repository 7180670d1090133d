package org.tuskgrid.client;

/** A submission ended without a result: failed, timed out or cancelled. */
public class TaskFailedException extends TuskGridException {
    private final String jobId;
    private final JobStatus status;

    public TaskFailedException(String jobId, JobStatus status, String reason) {
        super("job " + jobId + " " + status + (reason == null || reason.isBlank() ? "" : ": " + reason));
        this.jobId = jobId;
        this.status = status;
    }

    public String jobId() {
        return jobId;
    }

    /** {@link JobStatus#FAILED}, {@link JobStatus#TIMED_OUT} or {@link JobStatus#CANCELLED}. */
    public JobStatus status() {
        return status;
    }
}
