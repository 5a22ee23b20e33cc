package dev.llmgate.cache;

import java.util.List;

/** A page of entries, latest expiry first, and how many entries there are in all. */
public record EntryPage(List<EntryView> entries, long total) {

    public EntryPage {
        entries = List.copyOf(entries);
    }
}
