package dev.llmgate.catalog;

/** A route as written in a catalog or config file; weight and enabled may be left out. */
record RouteEntry(String platform, String modelString, Integer priority, Integer weight, Boolean enabled) {
}
