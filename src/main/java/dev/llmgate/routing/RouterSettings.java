package dev.llmgate.routing;

import dev.llmgate.config.ConfigLoader;
import dev.llmgate.config.RouterConfig;
import java.time.Duration;
import java.util.Locale;

/** The router's configuration with every default filled in (see {@link RouterConfig} for the meaning). */
public record RouterSettings(Strategy strategy, int retries, int cooldownFailures, Duration cooldown,
                             Duration maxRetryWait, Checks checks) {

    /** What the model-spec check does with a request that does not fit the model. */
    public record Checks(boolean dropParams, boolean clampMaxTokens, boolean migrateSunset) {}

    public static RouterSettings from(RouterConfig config) {
        RouterConfig.Cooldown cooldown = config.cooldown() == null ? new RouterConfig.Cooldown(null, null)
                : config.cooldown();
        return new RouterSettings(
                config.strategy() == null ? Strategy.PRIORITY : Strategy.parse(config.strategy()),
                config.retries() == null ? 2 : config.retries(),
                cooldown.failures() == null ? 3 : cooldown.failures(),
                ConfigLoader.seconds(cooldown.seconds() == null ? 30 : cooldown.seconds()),
                ConfigLoader.seconds(config.maxRetryWait() == null ? 10 : config.maxRetryWait()),
                new Checks(!Boolean.FALSE.equals(config.dropParams()),
                        !"reject".equals(lower(config.maxTokens())),
                        !"reject".equals(lower(config.sunset()))));
    }


    private static String lower(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }
}
