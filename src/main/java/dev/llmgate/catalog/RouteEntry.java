package dev.llmgate.catalog;

/** A route as written in a catalog or config file; weight, enabled and pricing may be left out. */
record RouteEntry(String platform, String modelString, Integer priority, Integer weight, Boolean enabled,
                  PricingEntry pricing) {
}
