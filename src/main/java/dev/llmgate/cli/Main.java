package dev.llmgate.cli;

import dev.llmgate.config.ConfigLoader;
import dev.llmgate.config.DatabaseConfig;
import dev.llmgate.config.GatewayConfig;
import dev.llmgate.config.RedisConfig;
import dev.llmgate.config.ServerConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code llmgate} command line. */
@Command(name = "llmgate", mixinStandardHelpOptions = true, version = "llmgate 0.1.0",
        description = "An LLM gateway: one OpenAI- and Anthropic-compatible endpoint in front of many providers.",
        subcommands = {Main.Serve.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    @Command(name = "serve", mixinStandardHelpOptions = true, description = "Start the gateway.")
    static final class Serve implements Callable<Integer> {

        private static final Logger LOG = LoggerFactory.getLogger(Serve.class);

        private final Map<String, String> env;

        @Spec
        CommandSpec spec;

        @Option(names = "--port", description = "Port to listen on (default: LLMGATE_PORT, the config file, or 4000).")
        Integer port;

        @Option(names = "--host", description = "Address to listen on (default 0.0.0.0).")
        String host;

        @Option(names = "--config", description = "YAML config file (default: LLMGATE_CONFIG).")
        Path config;

        @Option(names = "--data-dir", description = "Where the embedded store lives (default: LLMGATE_DATA_DIR, or ./data).")
        String dataDir;

        Serve() {
            this(System.getenv());
        }

        /** A serve command reading {@code env} instead of the process environment (for tests). */
        Serve(Map<String, String> env) {
            this.env = env;
        }

        /** A setting given with a value that cannot be used; the message says which and why. */
        static final class UsageError extends RuntimeException {
            UsageError(String message) {
                super(message);
            }
        }

        /** The config file: {@code --config}, else {@code LLMGATE_CONFIG}, else none. */
        Path configFile() {
            String fromEnv = env.get("LLMGATE_CONFIG");
            return config != null ? config : fromEnv != null && !fromEnv.isBlank() ? Path.of(fromEnv) : null;
        }

        /** The configuration to start with: the file, then the environment, then the command line over both. */
        GatewayConfig effectiveConfig() {
            return overrides(new ConfigLoader(env).load(configFile()));
        }

        /** Command-line options over environment variables over the config file. */
        GatewayConfig overrides(GatewayConfig loaded) {
            GatewayConfig config = loaded;
            ServerConfig server = config.server();
            String envPort = env.get("LLMGATE_PORT");
            if (envPort != null && !envPort.isBlank()) {
                server = server.withPort(port("LLMGATE_PORT", envPort.trim()));
            }
            if (port != null) {
                server = server.withPort(port("--port", port));
            }
            if (host != null) {
                server = server.withHost(host);
            }
            config = config.withServer(server);
            String dir = dataDir != null ? dataDir : env.get("LLMGATE_DATA_DIR");
            if (dir != null && !dir.isBlank()) {
                config = config.withDataDir(dir);
            }
            String databaseUrl = env.get("LLMGATE_DATABASE_URL");
            if (databaseUrl != null && !databaseUrl.isBlank()) {
                DatabaseConfig database = config.database();
                config = config.withDatabase(new DatabaseConfig(databaseUrl, database.user(), database.password(),
                        database.poolSize()));
            }
            String redisUrl = env.get("LLMGATE_REDIS_URL");
            if (redisUrl != null && !redisUrl.isBlank()) {
                config = config.withRedis(new RedisConfig(redisUrl));
            }
            return config;
        }

        private static int port(String source, String value) {
            try {
                return port(source, Integer.parseInt(value));
            } catch (NumberFormatException e) {
                throw new UsageError(source + " must be a port number (0-65535), not '" + value + "'.");
            }
        }

        private static int port(String source, int value) {
            if (value < 0 || value > 65535) {
                throw new UsageError(source + " must be a port number (0-65535), not " + value + ".");
            }
            return value;
        }

        @Override
        public Integer call() throws InterruptedException {
            GatewayConfig effective;
            try {
                effective = effectiveConfig();
            } catch (ConfigLoader.ConfigException | UsageError e) {
                spec.commandLine().getErr().println("llmgate: " + e.getMessage());
                spec.commandLine().getErr().flush();
                return 2;
            }
            Gateway gateway;
            try {
                gateway = Gateway.start(effective, env, this::effectiveConfig).await();
            } catch (RuntimeException e) {
                spec.commandLine().getErr().println("llmgate: could not start: " + e.getMessage());
                spec.commandLine().getErr().flush();
                return 1;
            }
            LOG.info("llmgate listening on http://{}:{} (OpenAI API at /v1; {} transport)", effective.server().host(),
                    gateway.port(), gateway.vertx().isNativeTransportEnabled() ? "native epoll" : "NIO");
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                LOG.info("llmgate shutting down");
                gateway.close();
                stopped.countDown();
            }, "llmgate-shutdown"));
            stopped.await();
            return 0;
        }
    }
}
