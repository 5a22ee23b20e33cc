package dev.llmgate.usage;

import java.util.List;

/** One page of usage records, newest first, and the cursor of the next page (null on the last one). */
public record UsagePage(List<UsageRecord> records, String nextCursor) {

    public UsagePage {
        records = List.copyOf(records);
    }
}
