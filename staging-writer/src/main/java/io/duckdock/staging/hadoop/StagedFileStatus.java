package io.duckdock.staging.hadoop;

/** A file in the staging directory. */
public record StagedFileStatus(String name, long length, long modificationTimeMillis) {}
