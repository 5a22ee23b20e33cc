package dev.llmgate.usage;

import dev.llmgate.catalog.Model;
import dev.llmgate.catalog.Pricing;
import dev.llmgate.catalog.Registry;
import dev.llmgate.catalog.Route;
import dev.llmgate.catalog.TokenKind;
import dev.llmgate.chat.Usage;
import dev.llmgate.observe.Metrics;
import io.micrometer.core.instrument.Counter;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prices canonical token counts with the catalog in force. Uncached input, cache reads and cache writes are
 * each billed at their own price; output includes reasoning, which costs as output unless the model has a
 * reasoning price. A model the catalog cannot price yields {@link Cost#unknown}, counted in the
 * {@code llmgate.usage.unpriced} metric and logged once per model: never $0.
 */
public final class CostCalculator {

    private static final Logger LOG = LoggerFactory.getLogger(CostCalculator.class);
    /** Clients may send any {@code platform/model} string: remember only so many to warn about once. */
    private static final int MAX_WARNED = 1_000;

    private final Registry registry;
    private final Counter unpriced;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    public CostCalculator(Registry registry, Metrics metrics) {
        this.registry = registry;
        this.unpriced = metrics.counter("llmgate.usage.unpriced",
                "Requests recorded with an unknown cost because their model has no price in the catalog");
    }

    /**
     * What {@code usage} cost on {@code route} of {@code model} (null when the route is not in the catalog;
     * the route then names it in the warning).
     */
    public Cost price(Model model, Route route, Usage usage) {
        // a route may have its own price
        return price(model == null ? null : model.pricingOn(route), model != null ? model.id() : route.key(), usage);
    }

    /** What {@code usage} cost at {@code pricing} (null: unknown, counted and warned of once for {@code name}). */
    private Cost price(Pricing pricing, String name, Usage usage) {
        String version = catalogVersion();
        if (usage.input() <= 0 && usage.output() <= 0) {
            // nothing was billed (a request refused before or by the upstream): zero whatever the price
            return Cost.free(pricing != null ? pricing.currency() : null, version);
        }
        if (pricing == null) {
            unpriced.increment();
            if (warned.size() < MAX_WARNED && warned.add(String.valueOf(name))) {
                LOG.warn("model '{}' has no price in the catalog (as of {}): its requests are recorded with an"
                        + " unknown cost; add its pricing under 'models' in the config file", name, version);
            }
            return Cost.unknown(version);
        }
        return cost(pricing, usage, version);
    }

    /**
     * What {@code usage} would cost on {@code route} of {@code model}, recording nothing (no unpriced count,
     * no warning): for what a cache hit saved, which is not itself a request of unknown cost. Null when there
     * is no price.
     */
    public BigDecimal worth(Model model, Route route, Usage usage) {
        Pricing pricing = model == null ? null : model.pricingOn(route);
        return pricing == null ? null : cost(pricing, usage, null).total();
    }

    /** Prices by name: a catalog model id, or a {@code platform/model_string} that is one of its routes. */
    public Cost price(String modelName, Usage usage) {
        Model model = find(modelName).orElse(null);
        if (model == null) {
            return price(null, modelName, usage);
        }
        Route named = model.routes().stream().filter(route -> route.key().equals(modelName)).findFirst().orElse(null);
        return price(model, named, usage);
    }

    /** The catalog model a name refers to: its id, or one of its routes as {@code platform/model_string}. */
    public Optional<Model> find(String modelName) {
        if (modelName == null) {
            return Optional.empty();
        }
        var models = registry.current().models();
        Optional<Model> byId = models.find(modelName);
        if (byId.isPresent()) {
            return byId;
        }
        for (Model model : models.all()) {
            for (Route route : model.routes()) {
                if (modelName.equals(route.platform() + "/" + route.modelString())) {
                    return Optional.of(model);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * What {@code usage} would have cost on the dearest of the routes the request could have taken (the
     * routing savings are this minus what it did cost); empty when none of them has a price.
     */
    public static Optional<BigDecimal> mostExpensive(List<RouteOption> options, Usage usage) {
        BigDecimal most = null;
        for (RouteOption option : options) {
            Pricing pricing = option.model() == null ? null : option.model().pricingOn(option.route());
            if (pricing != null) {
                BigDecimal total = cost(pricing, usage, null).total();
                most = most == null || total.compareTo(most) > 0 ? total : most;
            }
        }
        return Optional.ofNullable(most);
    }

    /** The catalog's as-of date, recorded with each cost so a later price change can be told apart. */
    public String catalogVersion() {
        return registry.current().models().version();
    }

    /** The arithmetic: canonical tokens times the prices, split as the bill is. */
    public static Cost cost(Pricing pricing, Usage usage, String catalogVersion) {
        BigDecimal input = amount(pricing, TokenKind.INPUT, usage.uncachedInput());
        // A cache price the provider does not publish falls back to the input price: those tokens are still
        // prompt tokens, and the plain input rate is the least surprising guess (never zero).
        BigDecimal cacheRead = amount(pricing, pricing.cacheReadPerMillion() != null ? TokenKind.CACHE_READ
                : TokenKind.INPUT, usage.cacheRead());
        BigDecimal cacheWrite = amount(pricing, pricing.cacheWritePerMillion() != null ? TokenKind.CACHE_WRITE
                : TokenKind.INPUT, usage.cacheWrite());
        long reasoning = Math.min(Math.max(0, usage.reasoning()), Math.max(0, usage.output()));
        // Pricing prices REASONING as output unless the model has a reasoning price of its own
        BigDecimal output = amount(pricing, TokenKind.OUTPUT, usage.output() - reasoning)
                .add(amount(pricing, TokenKind.REASONING, reasoning));
        BigDecimal cache = cacheRead.add(cacheWrite);
        return new Cost(input, output, cache, input.add(output).add(cache), pricing.currency(), catalogVersion);
    }

    private static BigDecimal amount(Pricing pricing, TokenKind kind, long tokens) {
        if (tokens <= 0) {
            return BigDecimal.ZERO;
        }
        return pricing.cost(kind, tokens).orElseThrow(() -> new IllegalStateException("no " + kind + " price"));
    }
}
