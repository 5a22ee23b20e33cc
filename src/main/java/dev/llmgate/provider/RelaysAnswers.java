package dev.llmgate.provider;

/**
 * A dialect whose whole answers may reach same-dialect clients as received (the fastest and most faithful
 * answer: nothing is decoded and encoded again on the way).
 */
public interface RelaysAnswers {

    /** The answer as it may be relayed, or null when it must be decoded and encoded again for clients. */
    Verbatim verbatim(byte[] body);
}
