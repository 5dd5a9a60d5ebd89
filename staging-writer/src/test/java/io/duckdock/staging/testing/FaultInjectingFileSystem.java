package io.duckdock.staging.testing;

import io.duckdock.staging.hadoop.StagedFileStatus;
import io.duckdock.staging.hadoop.StagedOutput;
import io.duckdock.staging.hadoop.StagingFileSystem;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Wraps a real {@link StagingFileSystem}; the next N renames return false without renaming. */
public final class FaultInjectingFileSystem implements StagingFileSystem {
    private final StagingFileSystem delegate;
    private final AtomicInteger renamesToFail = new AtomicInteger();
    private final AtomicInteger renameAttempts = new AtomicInteger();
    private final List<String> renames = new CopyOnWriteArrayList<>();

    public FaultInjectingFileSystem(StagingFileSystem delegate) {
        this.delegate = delegate;
    }

    public static FaultInjectingFileSystem open(String location) throws IOException {
        return new FaultInjectingFileSystem(StagingFileSystem.open(location));
    }

    public FaultInjectingFileSystem failRenames(int count) {
        renamesToFail.set(count);
        return this;
    }

    public int renameAttempts() {
        return renameAttempts.get();
    }

    /** The renames done (not the failed ones), as {@code "from -> to"}. */
    public List<String> renames() {
        return List.copyOf(renames);
    }

    @Override
    public String location() {
        return delegate.location();
    }

    @Override
    public String pathOf(String name) {
        return delegate.pathOf(name);
    }

    @Override
    public StagedOutput create(String name) throws IOException {
        return delegate.create(name);
    }

    @Override
    public boolean rename(String from, String to) throws IOException {
        renameAttempts.incrementAndGet();
        if (renamesToFail.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return false;
        }
        boolean renamed = delegate.rename(from, to);
        if (renamed) {
            renames.add(from + " -> " + to);
        }
        return renamed;
    }

    @Override
    public boolean delete(String name) throws IOException {
        return delegate.delete(name);
    }

    @Override
    public List<StagedFileStatus> list() throws IOException {
        return delegate.list();
    }
}
