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
import picocli.CommandLine.Option;

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

        @Option(names = "--port", description = "Port to listen on (default: LLMGATE_PORT, the config file, or 4000).")
        Integer port;

        @Option(names = "--host", description = "Address to listen on (default 0.0.0.0).")
        String host;

        @Option(names = "--config", description = "YAML config file (default: LLMGATE_CONFIG).")
        Path config;

        @Option(names = "--data-dir", description = "Where the embedded store lives (default: LLMGATE_DATA_DIR, or ./data).")
        String dataDir;

        /** Command-line options over environment variables over the config file. */
        GatewayConfig overrides(GatewayConfig loaded, Map<String, String> env) {
            GatewayConfig config = loaded;
            ServerConfig server = config.server();
            if (env.containsKey("LLMGATE_PORT")) {
                server = server.withPort(Integer.parseInt(env.get("LLMGATE_PORT").trim()));
            }
            if (port != null) {
                server = server.withPort(port);
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

        @Override
        public Integer call() throws InterruptedException {
            Map<String, String> env = System.getenv();
            Path file = config != null ? config : env.containsKey("LLMGATE_CONFIG") ? Path.of(env.get("LLMGATE_CONFIG")) : null;
            GatewayConfig loaded;
            try {
                loaded = new ConfigLoader(env).load(file);
            } catch (ConfigLoader.ConfigException e) {
                System.err.println("llmgate: " + e.getMessage());
                return 2;
            }
            GatewayConfig effective = overrides(loaded, env);
            Gateway gateway;
            try {
                gateway = Gateway.start(effective, env, () -> overrides(new ConfigLoader(env).load(file), env)).await();
            } catch (RuntimeException e) {
                System.err.println("llmgate: could not start: " + e.getMessage());
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
