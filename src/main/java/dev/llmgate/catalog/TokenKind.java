package dev.llmgate.catalog;

/** The kinds of tokens providers bill at different rates; one per field of {@code chat.Usage}. */
public enum TokenKind {
    INPUT, OUTPUT, CACHE_READ, CACHE_WRITE, REASONING
}
