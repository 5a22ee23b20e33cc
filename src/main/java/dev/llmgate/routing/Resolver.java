package dev.llmgate.routing;

import dev.llmgate.catalog.Lifecycle;
import dev.llmgate.catalog.Model;
import dev.llmgate.catalog.Platform;
import dev.llmgate.catalog.Registry;
import dev.llmgate.catalog.Route;
import dev.llmgate.chat.ChatRequest;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.GatewayOptions;
import dev.llmgate.chat.TokenCounter;
import dev.llmgate.provider.ParamRules;
import dev.llmgate.provider.ProviderRegistry;
import dev.llmgate.provider.Upstream;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Turns a request's model name into candidate routes, before any upstream call. A name is a catalog model
 * id (its routes), or {@code platform/model_string} (that platform directly, with the catalog's spec when a
 * catalog model has that route). The request's {@code platform} and {@code provider} fields narrow the routes;
 * fallback models ({@code models: [...]}) add their own routes after. Each candidate carries the request as
 * prepared for its model by {@link ModelSpecCheck}.
 */
final class Resolver {

    private static final LevenshteinDistance DISTANCE = new LevenshteinDistance(6);

    private final Registry registry;
    private final ProviderRegistry providers;
    private final ModelSpecCheck check;
    private final boolean migrateSunset;
    private final Clock clock;

    Resolver(Registry registry, ProviderRegistry providers, RouterSettings.Checks checks, Clock clock) {
        this.registry = registry;
        this.providers = providers;
        this.check = new ModelSpecCheck(checks);
        this.migrateSunset = checks.migrateSunset();
        this.clock = clock;
    }

    Resolution resolve(ChatRequest request) {
        Registry.Snapshot snapshot = registry.current();
        List<String> warnings = new ArrayList<>();
        String[] migration = {null};
        long[] prompt = {-1};
        LongSupplier promptTokens = () -> prompt[0] >= 0 ? prompt[0] : (prompt[0] = TokenCounter.prompt(request));
        List<Candidate> candidates = new ArrayList<>();
        List<String> names = new ArrayList<>();
        names.add(request.model());
        names.addAll(request.gateway().fallbackModels());
        Platform unconfigured = null; // the error is built only when no route is left: most requests skip some
        GatewayException tooLong = null;
        for (int group = 0; group < names.size(); group++) {
            Target target;
            try {
                target = target(snapshot, names.get(group), request.gateway().narrowing());
            } catch (GatewayException e) {
                if (group == 0) {
                    throw e;
                }
                continue; // a fallback the platform may know by that name (OpenRouter runs the list itself)
            }
            target = lifecycle(snapshot, target, warnings, migration);
            ChatRequest prepared;
            try {
                prepared = target.model() == null ? request
                        : check.prepare(target.model(), request, promptTokens);
            } catch (GatewayException e) {
                if (e.isContextLengthExceeded()) {
                    tooLong = tooLong != null ? tooLong : e; // a fallback model with a larger window may take it
                    continue;
                }
                if (group == 0) {
                    throw e;
                }
                continue; // a fallback that cannot take this request is skipped
            }
            for (Route route : target.routes()) {
                Platform platform = snapshot.platforms().get(route.platform());
                if (platform == null || !route.enabled() || !providers.speaks(platform.dialect())) {
                    continue;
                }
                if (!platform.configured()) {
                    unconfigured = unconfigured != null ? unconfigured : platform;
                    continue;
                }
                candidates.add(new Candidate(target.model(), route, upstream(platform, route), prepared, group));
            }
        }
        if (candidates.isEmpty() && tooLong != null) {
            throw tooLong;
        }
        if (candidates.isEmpty()) {
            throw unconfigured != null ? notConfigured(unconfigured) : new GatewayException.NotFound("The model '" + request.model()
                    + "' has no route this gateway can serve (every route is disabled or on an unknown platform).",
                    "model_not_found", "model");
        }
        return new Resolution(candidates, warnings, migration[0], prompt[0]);
    }

    private static GatewayException notConfigured(Platform platform) {
        return new GatewayException.Unauthorized("The platform '" + platform.id() + "' is not configured: "
                + platform.howToConfigure() + ".", "platform_not_configured");
    }

    /** A model (null when not in the catalog) and the routes to consider for it. */
    private record Target(Model model, List<Route> routes) {}

    private Target target(Registry.Snapshot snapshot, String name, GatewayOptions.Narrowing narrowing) {
        var model = snapshot.models().find(name);
        if (model.isPresent() && !model.get().enabled()) {
            throw new GatewayException.NotFound("The model '" + name + "' is switched off in this gateway.",
                    "model_disabled", "model");
        }
        if (model.isPresent()) {
            if (narrowing.provider() != null && !narrowing.provider().equalsIgnoreCase(model.get().provider())) {
                throw new GatewayException.NotFound("The model '" + name + "' is made by '" + model.get().provider()
                        + "', not '" + narrowing.provider() + "'.", "model_not_found", "provider");
            }
            List<Route> routes = model.get().routes().stream()
                    .filter(r -> narrowing.platform() == null || r.platform().equals(narrowing.platform()))
                    .toList();
            if (routes.isEmpty()) {
                throw new GatewayException.NotFound("The model '" + name + "' is not served on the platform '"
                        + narrowing.platform() + "'.", "model_not_found", "platform");
            }
            return new Target(model.get(), routes);
        }
        String platformId;
        String modelString;
        int slash = name.indexOf('/');
        if (narrowing.platform() != null) {
            platformId = narrowing.platform();
            modelString = name.startsWith(platformId + "/") ? name.substring(platformId.length() + 1) : name;
        } else if (slash > 0 && snapshot.platforms().get(name.substring(0, slash)) != null) {
            platformId = name.substring(0, slash);
            modelString = name.substring(slash + 1);
        } else {
            throw notFound(snapshot, name);
        }
        if (snapshot.platforms().get(platformId) == null) {
            throw new GatewayException.NotFound("There is no platform '" + platformId + "'.", "model_not_found",
                    "platform");
        }
        var known = snapshot.models().byRoute(platformId, modelString);
        if (known.isPresent()) {
            for (Route route : known.get().routes()) {
                if (route.platform().equals(platformId) && route.modelString().equals(modelString)) {
                    return new Target(known.get(), List.of(route));
                }
            }
        }
        return new Target(null, List.of(new Route(platformId, modelString, 1, 1, true)));
    }

    /**
     * Deprecated models are served with a warning; sunset ones go to their replacement, or are refused. The
     * status is the one in force today: the catalog's dates move a model on without a catalog update.
     */
    private Target lifecycle(Registry.Snapshot snapshot, Target target, List<String> warnings, String[] migration) {
        Model model = target.model();
        if (model == null) {
            return target;
        }
        Lifecycle lifecycle = model.lifecycle();
        Lifecycle.Status status = lifecycle.statusOn(LocalDate.now(clock));
        if (status == Lifecycle.Status.DEPRECATED) {
            warnings.add("model '" + model.id() + "' is deprecated"
                    + (lifecycle.sunsetDate() == null ? "" : " and retires on " + lifecycle.sunsetDate())
                    + (lifecycle.migrationTo() == null ? "" : "; use '" + lifecycle.migrationTo() + "'"));
        }
        if (status != Lifecycle.Status.SUNSET) {
            return target;
        }
        Model replacement = lifecycle.migrationTo() == null ? null
                : snapshot.models().find(lifecycle.migrationTo()).orElse(null);
        if (replacement == null || !migrateSunset) {
            throw new GatewayException.NotFound("The model '" + model.id() + "' was retired"
                    + (lifecycle.sunsetDate() == null ? "" : " on " + lifecycle.sunsetDate())
                    + (lifecycle.migrationTo() == null ? "." : "; use '" + lifecycle.migrationTo() + "'."),
                    "model_sunset", "model");
        }
        migration[0] = model.id() + " -> " + replacement.id();
        return new Target(replacement, replacement.routes());
    }

    private static Upstream upstream(Platform platform, Route route) {
        return new Upstream(platform.id(), platform.dialect(),
                new Upstream.Endpoint(platform.baseUrl(), platform.apiKey(), platform.headers()),
                new ParamRules(platform.rename(), platform.drop(), platform.forward()), route.modelString());
    }

    private static GatewayException notFound(Registry.Snapshot snapshot, String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        List<String> close = snapshot.models().all().stream().map(Model::id)
                .filter(id -> id.contains(lower) || lower.contains(id) || DISTANCE.apply(id, lower) >= 0)
                .sorted(Comparator.comparingInt(id -> distance(id, lower)))
                .limit(3).toList();
        String platforms = String.join(", ", snapshot.platforms().all().stream().map(Platform::id).toList());
        return new GatewayException.NotFound("The model '" + name + "' does not exist."
                + (close.isEmpty() ? "" : " Did you mean " + String.join(", ", close.stream().map(c -> "'" + c + "'")
                        .toList()) + "?")
                + " Name a catalog model (GET /v1/models) or address one as '<platform>/<model>' with a platform"
                + " among: " + platforms + ".", "model_not_found", "model");
    }

    private static int distance(String a, String b) {
        int d = DISTANCE.apply(a, b);
        return d < 0 ? Integer.MAX_VALUE : d;
    }
}
