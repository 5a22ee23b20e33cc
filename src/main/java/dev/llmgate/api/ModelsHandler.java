package dev.llmgate.api;

import dev.llmgate.catalog.Model;
import dev.llmgate.catalog.Platform;
import dev.llmgate.catalog.Registry;
import dev.llmgate.catalog.Route;
import dev.llmgate.chat.Json;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.time.ZoneOffset;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /v1/models} in OpenAI's list shape: the catalog models a client can use now (at least one route
 * on a configured platform), then each configured platform as {@code <platform>/*}, behind which any model
 * string that platform serves can be addressed.
 */
public final class ModelsHandler implements Handler<RoutingContext> {

    private final Registry registry;

    public ModelsHandler(Registry registry) {
        this.registry = registry;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Registry.Snapshot snapshot = registry.current();
        ObjectNode list = Json.object();
        list.put("object", "list");
        ArrayNode data = list.putArray("data");
        for (Model model : snapshot.models().all()) {
            if (usable(model, snapshot)) {
                var released = model.lifecycle().releaseDate();
                data.addObject().put("id", model.id()).put("object", "model")
                        .put("created", released == null ? 0 : released.atStartOfDay().toEpochSecond(ZoneOffset.UTC))
                        .put("owned_by", model.provider());
            }
        }
        for (Platform platform : snapshot.platforms().all()) {
            if (platform.configured()) {
                data.addObject().put("id", platform.id() + "/*").put("object", "model").put("created", 0)
                        .put("owned_by", platform.id());
            }
        }
        Exchange.begin(ctx).stamp(ctx.response());
        ctx.response().putHeader("content-type", "application/json").end(Buffer.buffer(Json.bytes(list)));
    }

    private static boolean usable(Model model, Registry.Snapshot snapshot) {
        if (!model.enabled()) {
            return false;
        }
        for (Route route : model.routes()) {
            Platform platform = snapshot.platforms().get(route.platform());
            if (route.enabled() && platform != null && platform.configured()) {
                return true;
            }
        }
        return false;
    }
}
