package dev.llmgate.api;

import dev.llmgate.catalog.Platform;
import dev.llmgate.catalog.PlatformCatalog;
import dev.llmgate.chat.Json;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /v1/models} in OpenAI's list shape. Each configured platform is listed as {@code <platform>/*}:
 * any model string it serves can be addressed behind that prefix.
 */
public final class ModelsHandler implements Handler<RoutingContext> {

    private final PlatformCatalog platforms;

    public ModelsHandler(PlatformCatalog platforms) {
        this.platforms = platforms;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Exchange exchange = Exchange.begin(ctx);
        ObjectNode list = Json.object();
        list.put("object", "list");
        ArrayNode data = list.putArray("data");
        for (Platform platform : platforms.all()) {
            if (platform.configured()) {
                ObjectNode model = data.addObject();
                model.put("id", platform.id() + "/*");
                model.put("object", "model");
                model.put("created", 0);
                model.put("owned_by", platform.id());
            }
        }
        exchange.stamp(ctx.response());
        ctx.response().putHeader("content-type", "application/json").end(Buffer.buffer(Json.bytes(list)));
    }
}
