package dev.llmgate.catalog;

/**
 * Which models to list; a null field matches every model. Built from {@link #any()} with the withers, as the
 * registry API's query parameters arrive one by one.
 */
public record ModelFilter(String provider, Capability capability, String tag, Lifecycle.Status status) {

    public static ModelFilter any() {
        return new ModelFilter(null, null, null, null);
    }

    public ModelFilter withProvider(String value) {
        return new ModelFilter(value, capability, tag, status);
    }

    public ModelFilter withCapability(Capability value) {
        return new ModelFilter(provider, value, tag, status);
    }

    public ModelFilter withTag(String value) {
        return new ModelFilter(provider, capability, value, status);
    }

    public ModelFilter withStatus(Lifecycle.Status value) {
        return new ModelFilter(provider, capability, tag, value);
    }

    /** Whether {@code model} matches, its status taken as in force on {@code today}. */
    public boolean matches(Model model, java.time.LocalDate today) {
        return (provider == null || provider.equals(model.provider()))
                && (capability == null || model.supports(capability))
                && (tag == null || model.hasTag(tag))
                && (status == null || status == model.lifecycle().statusOn(today));
    }
}
