package io.duckdock.ingest;

import java.util.ArrayList;
import java.util.List;

/** Takes the oldest files up to the batch caps; a file larger than the byte cap forms a batch of its own. */
final class BatchSelector {
    private BatchSelector() {}

    static List<StagedFile> take(List<StagedFile> oldestFirst, int maxFiles, long maxBytes) {
        List<StagedFile> batch = new ArrayList<>();
        long bytes = 0;
        for (StagedFile file : oldestFirst) {
            if (batch.size() >= maxFiles || (!batch.isEmpty() && bytes + file.size() > maxBytes)) {
                break;
            }
            batch.add(file);
            bytes += file.size();
        }
        return batch;
    }
}
