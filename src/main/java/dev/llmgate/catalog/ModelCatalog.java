package dev.llmgate.catalog;

import dev.llmgate.config.ConfigLoader;
import dev.llmgate.config.ConfigLoader.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The models clients can name, with their providers, as of a date. The built-in list is {@code models.yaml}
 * in the jar; every entry is checked at load, so a bad entry stops start-up with a message naming the model.
 */
public final class ModelCatalog {

    private static final String BUILT_IN = "models.yaml";

    /** The config mapper, keeping decimals exact: prices are read as written, never through a double. */
    private static final YAMLMapper YAML = ConfigLoader.YAML.rebuild()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final LocalDate asOf;
    private final String version;
    private final List<String> sources;
    private final Map<String, Provider> providers;
    private final Map<String, ModelEntry> entries;
    private final Map<String, Model> models;
    private final Map<String, Model> byRoute = new java.util.HashMap<>();

    private ModelCatalog(LocalDate asOf, List<String> sources, Map<String, Provider> providers,
                         Map<String, ModelEntry> entries, String source) {
        this.asOf = asOf;
        this.version = asOf.toString();
        this.sources = List.copyOf(sources);
        this.providers = providers;
        this.entries = entries;
        this.models = models(entries, providers, source);
        for (Model model : models.values()) {
            for (Route route : model.routes()) {
                byRoute.putIfAbsent(route.platform() + "/" + route.modelString(), model);
            }
        }
    }

    /** The model a platform serves under this model string, if the catalog has that route. */
    public Optional<Model> byRoute(String platform, String modelString) {
        return Optional.ofNullable(byRoute.get(platform + "/" + modelString));
    }

    /** The catalog shipped in the jar. */
    public static ModelCatalog builtIn() {
        try (InputStream in = ModelCatalog.class.getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new ConfigException("The built-in model catalog " + BUILT_IN + " is missing from the jar.");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), BUILT_IN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A catalog from YAML text; {@code source} names the text in error messages. */
    public static ModelCatalog parse(String yaml, String source) {
        JsonNode root = read(() -> YAML.readTree(yaml), source, "is not valid YAML");
        if (!root.isObject()) {
            throw new ConfigException("The model catalog " + source + " must be a mapping with 'models'.");
        }
        for (String key : root.propertyNames()) {
            if (!List.of("as_of", "sources", "providers", "models").contains(key)) {
                throw new ConfigException("The model catalog " + source + " has an unknown key '" + key + "'.");
            }
        }
        LocalDate asOf = read(() -> YAML.treeToValue(root.path("as_of"), LocalDate.class), source,
                "needs 'as_of' as a date (YYYY-MM-DD)");
        if (asOf == null) {
            throw new ConfigException("The model catalog " + source + " needs 'as_of' as a date (YYYY-MM-DD).");
        }
        List<String> sources = root.has("sources") ? read(() -> YAML.treeToValue(root.get("sources"),
                new TypeReference<List<String>>() { }), source, "needs 'sources' as a list of addresses") : List.of();
        Map<String, Provider> providers = new LinkedHashMap<>();
        for (JsonNode node : root.path("providers")) {
            Provider provider = read(() -> YAML.treeToValue(node, Provider.class), source,
                    "has a provider entry that is not {id, name, website}");
            providers.put(provider.id(), provider);
        }
        Map<String, ModelEntry> entries = new LinkedHashMap<>();
        for (ModelEntry entry : entries(root.path("models"), source)) {
            if (entries.putIfAbsent(entry.id(), entry) != null) {
                throw new ConfigException("Model '" + entry.id() + "' appears twice in " + source + ".");
            }
        }
        return new ModelCatalog(asOf, sources, providers, entries, source);
    }

    /**
     * This catalog with the models of a config file laid over it: an entry with a known id changes only the
     * fields it sets (lists and pricing replaced whole); an entry with a new id adds a model.
     */
    public ModelCatalog overlaid(JsonNode models, String source) {
        Map<String, ModelEntry> merged = new LinkedHashMap<>(entries);
        Map<String, Provider> knownProviders = new LinkedHashMap<>(providers);
        for (ModelEntry entry : entries(models, source)) {
            ModelEntry base = merged.get(entry.id());
            ModelEntry result = base == null ? entry : base.overriddenBy(entry);
            merged.put(entry.id(), result);
            if (result.provider() != null) {
                // a config file may name its own providers (an in-house model); they need no separate list
                knownProviders.putIfAbsent(result.provider(), new Provider(result.provider(), result.provider(), null));
            }
        }
        return new ModelCatalog(asOf, sources, knownProviders, merged, source);
    }

    public LocalDate asOf() {
        return asOf;
    }

    /** The as-of date as text, recorded with every cost (computed once: it is asked for on every request). */
    public String version() {
        return version;
    }

    /** The public pages the prices and limits were read from. */
    public List<String> sources() {
        return sources;
    }

    public Collection<Provider> providers() {
        return providers.values();
    }

    public Optional<Provider> provider(String id) {
        return Optional.ofNullable(providers.get(id));
    }

    public Optional<Model> find(String id) {
        return Optional.ofNullable(models.get(id));
    }

    /** Every model, in file order. */
    public Collection<Model> all() {
        return models.values();
    }

    /** The models {@code filter} matches, lifecycle statuses as in force on {@code today}. */
    public List<Model> filter(ModelFilter filter, LocalDate today) {
        return models.values().stream().filter(model -> filter.matches(model, today)).toList();
    }

    /** A model as an entry of the config file would write it (snake_case), for changing one field of it. */
    public Optional<tools.jackson.databind.node.ObjectNode> entryOf(String id) {
        ModelEntry entry = entries.get(id);
        return entry == null ? Optional.empty() : Optional.of(YAML.valueToTree(entry));
    }

    /** A list of model nodes (as the config file holds them) as one array node. */
    public static JsonNode nodes(List<JsonNode> models) {
        var array = YAML.createArrayNode();
        models.forEach(array::add);
        return array;
    }

    private static List<ModelEntry> entries(JsonNode nodes, String source) {
        List<ModelEntry> entries = new java.util.ArrayList<>();
        int index = 0;
        for (JsonNode node : nodes) {
            index++;
            String label = node.path("id").asString("#" + index);
            ModelEntry entry = read(() -> YAML.treeToValue(node, ModelEntry.class), source,
                    "has an unreadable entry for model '" + label + "'");
            if (entry.id() == null || entry.id().isBlank()) {
                throw new ConfigException("Model entry #" + index + " in " + source + " needs an 'id'.");
            }
            entries.add(entry);
        }
        return entries;
    }

    private static Map<String, Model> models(Map<String, ModelEntry> entries, Map<String, Provider> providers,
                                             String source) {
        Map<String, Model> models = new LinkedHashMap<>();
        for (ModelEntry entry : entries.values()) {
            Model model = entry.toModel(source);
            models.put(model.id(), model);
            if (!providers.containsKey(model.provider())) {
                throw new ConfigException("Model '" + model.id() + "' in " + source + " names provider '"
                        + model.provider() + "', which is not in 'providers'.");
            }
        }
        for (Model model : models.values()) {
            String target = model.lifecycle().migrationTo();
            if (target != null && !models.containsKey(target)) {
                throw new ConfigException("Model '" + model.id() + "' in " + source + " migrates to '" + target
                        + "', which is not a model in the catalog.");
            }
        }
        return models;
    }

    private static <T> T read(Reader<T> reader, String source, String problem) {
        try {
            return reader.read();
        } catch (JacksonException e) {
            throw new ConfigException("The model catalog " + source + " " + problem + ": " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        }
    }

    @FunctionalInterface
    private interface Reader<T> {
        T read();
    }
}
