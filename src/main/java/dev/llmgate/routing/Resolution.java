package dev.llmgate.routing;

import java.util.List;

/**
 * What a request resolved to before any upstream call: the candidates in the order to try, the warnings to
 * pass on (a deprecated model), and the migration applied to a sunset model ("old -> new"), if any.
 */
public record Resolution(List<Candidate> candidates, List<String> warnings, String migration, long promptTokens) {}
