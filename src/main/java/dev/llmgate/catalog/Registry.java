package dev.llmgate.catalog;

import dev.llmgate.config.GatewayConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The registry in force: platforms and models, built from the built-in catalog, the config file, the
 * environment, and the changes made through the admin API (persisted, read through {@code changes}), in
 * that order. Readers take the current snapshot per request; a reload or an admin change swaps in a new one
 * atomically, so a request never sees half an update. Rebuilds are serialised: a reload that read the changes
 * earlier can never overwrite one that read them later.
 */
public final class Registry {

    /** Platforms and models that belong together. */
    public record Snapshot(PlatformCatalog platforms, ModelCatalog models) {}

    private final Supplier<List<JsonNode>> changes;
    private final AtomicReference<Snapshot> current;
    private volatile ModelCatalog base;
    private GatewayConfig config;
    private Map<String, String> env;

    private Registry(GatewayConfig config, Map<String, String> env, Supplier<List<JsonNode>> changes) {
        this.config = config;
        this.env = env;
        this.changes = changes;
        this.base = base(config);
        this.current = new AtomicReference<>(build(config, env, base, changes.get()));
    }

    /** A registry from the configuration alone. */
    public static Registry load(GatewayConfig config, Map<String, String> env) {
        return new Registry(config, env, List::of);
    }

    /** A registry that also applies the persisted admin changes (model entries, read again on every reload). */
    public static Registry load(GatewayConfig config, Map<String, String> env, Supplier<List<JsonNode>> changes) {
        return new Registry(config, env, changes);
    }

    public Snapshot current() {
        return current.get();
    }

    /** Rebuilds from a (re-read) configuration; a bad configuration throws and leaves the registry as it was. */
    public synchronized void reload(GatewayConfig fresh, Map<String, String> freshEnv) {
        ModelCatalog freshBase = base(fresh);
        Snapshot built = build(fresh, freshEnv, freshBase, changes.get());
        this.base = freshBase;
        current.set(built);
        this.config = fresh;
        this.env = freshEnv;
    }

    /** Rebuilds after the admin changes changed. */
    public synchronized void reload() {
        reload(config, env);
    }

    /**
     * A model as the built-in catalog and the config file write it, before any admin change (snake_case, as a
     * config-file entry): what an admin change to one of its lists starts from when it has none of its own.
     */
    public Optional<tools.jackson.databind.node.ObjectNode> baseEntryOf(String id) {
        return base.entryOf(id);
    }

    /**
     * Checks that {@code change} (a model entry, as in the config file) would make a usable registry with
     * the changes already made; throws a ConfigException that says what is wrong otherwise.
     */
    public synchronized void validate(JsonNode change) {
        List<JsonNode> all = new ArrayList<>(changes.get());
        all.add(change);
        build(config, env, base, all);
    }

    private static ModelCatalog base(GatewayConfig config) {
        ModelCatalog models = ModelCatalog.builtIn();
        return config.models().isEmpty() ? models
                : models.overlaid(ModelCatalog.nodes(config.models()), "the config file");
    }

    private static Snapshot build(GatewayConfig config, Map<String, String> env, ModelCatalog base,
                                  List<JsonNode> changes) {
        PlatformCatalog platforms = PlatformCatalog.load(config.platforms(), env);
        ModelCatalog models = base;
        if (!changes.isEmpty()) {
            models = models.overlaid(ModelCatalog.nodes(changes), "the registry changes");
        }
        for (Model model : models.all()) {
            for (Route route : model.routes()) {
                if (platforms.get(route.platform()) == null) {
                    throw new dev.llmgate.config.ConfigLoader.ConfigException("Model '" + model.id()
                            + "' has a route on platform '" + route.platform() + "', which does not exist.");
                }
            }
        }
        return new Snapshot(platforms, models);
    }
}
