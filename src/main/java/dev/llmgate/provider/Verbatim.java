package dev.llmgate.provider;

import dev.llmgate.chat.Usage;

/**
 * An upstream's whole answer that a client speaking the same dialect can be sent as received: its bytes,
 * its usage (read without decoding the rest), and where in the bytes the gateway's cost goes.
 *
 * @param costOffset the byte offset at which {@code ,"cost":<amount>} is inserted (the usage object's
 *                   closing brace)
 */
public record Verbatim(String dialect, byte[] body, Usage usage, int costOffset) {}
