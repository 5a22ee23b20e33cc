package dev.llmgate.catalog;

import dev.llmgate.config.GatewayConfig;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The registry in force: platforms and models, built from the built-in catalog, the config file and the
 * environment. Readers take the current snapshot per request; a reload or an admin change swaps in a new
 * one atomically, so a request never sees half an update.
 */
public final class Registry {

    /** Platforms and models that belong together. */
    public record Snapshot(PlatformCatalog platforms, ModelCatalog models) {}

    private final AtomicReference<Snapshot> current;

    private Registry(Snapshot snapshot) {
        this.current = new AtomicReference<>(snapshot);
    }

    public static Registry load(GatewayConfig config, Map<String, String> env) {
        return new Registry(build(config, env));
    }

    public Snapshot current() {
        return current.get();
    }

    /** Rebuilds from a (re-read) configuration; a bad configuration throws and leaves the registry as it was. */
    public void reload(GatewayConfig config, Map<String, String> env) {
        current.set(build(config, env));
    }

    private static Snapshot build(GatewayConfig config, Map<String, String> env) {
        PlatformCatalog platforms = PlatformCatalog.load(config.platforms(), env);
        ModelCatalog models = ModelCatalog.builtIn();
        if (!config.models().isEmpty()) {
            models = models.overlaid(ModelCatalog.nodes(config.models()), "the config file");
        }
        return new Snapshot(platforms, models);
    }
}
