package io.agentry.compat.crewform;

import io.agentry.http.ApiException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * CrewForm's v2 API, {@code /functions/v1/api-<resource>} with {@code ?id=} addressing, mapped
 * onto the canonical resources before matching: {@code GET api-agents?id=X} is
 * {@code GET /api/v1/agents/X}, {@code PATCH api-tasks?id=X} is {@code PATCH /api/v1/tasks/X},
 * and every other query parameter (filters, {@code limit}, {@code cursor}) goes along. Nothing
 * else differs: the canonical resources already speak CrewForm's fields, envelopes and errors.
 * A method a function does not have is a 405 naming the ones it has.
 */
@Provider
@PreMatching
@Priority(110) // after RequestContextFilter: the request id and API version are set
public class CrewFormFunctions implements ContainerRequestFilter {

    static final String PREFIX = "/functions/v1/api-";
    private static final Pattern ID = Pattern.compile("[0-9a-fA-F-]{1,64}");

    /** A function: the canonical collection, what it answers without an id, and with one. */
    record Function(String collection, Set<String> withoutId, Set<String> withId) {
        List<String> allowed() {
            java.util.TreeSet<String> all = new java.util.TreeSet<>(withoutId);
            all.addAll(withId);
            return List.copyOf(all);
        }
    }

    static final Map<String, Function> FUNCTIONS = Map.of(
            "agents", new Function("/api/v1/agents", Set.of("GET", "POST"), Set.of("GET", "PATCH", "DELETE")),
            "tasks", new Function("/api/v1/tasks", Set.of("GET", "POST"), Set.of("GET", "PATCH", "DELETE")),
            "teams", new Function("/api/v1/teams", Set.of("GET", "POST"), Set.of("GET", "PATCH", "DELETE")),
            "runs", new Function("/api/v1/runs", Set.of("GET", "POST"), Set.of("GET")),
            "hooks", new Function("/api/v1/hooks", Set.of("GET", "POST"), Set.of("DELETE")),
            "me", new Function("/api/v1/me", Set.of("GET"), Set.of()));

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getRequestUri().getRawPath();
        if (path == null || !path.startsWith(PREFIX)) {
            return;
        }
        String name = path.substring(PREFIX.length());
        if (name.endsWith("/")) {
            name = name.substring(0, name.length() - 1);
        }
        Function function = FUNCTIONS.get(name);
        if (function == null) {
            return; // no such function: the canonical 404
        }
        String method = request.getMethod().equals("HEAD") ? "GET" : request.getMethod();
        MultivaluedMap<String, String> query = request.getUriInfo().getQueryParameters();
        List<String> ids = query.get("id");
        boolean addressed = ids != null && !ids.isEmpty();
        if (!function.allowed().contains(method)) {
            throw new NotAllowedException(function.allowed().get(0),
                    function.allowed().subList(1, function.allowed().size()).toArray(String[]::new));
        }
        UriBuilder target = request.getUriInfo().getRequestUriBuilder().replaceQueryParam("id");
        if (addressed) {
            if (!function.withId().contains(method)) {
                throw ApiException.invalid("id", method + " " + PREFIX + name + " takes no id");
            }
            if (ids.size() > 1 || !ID.matcher(ids.get(0)).matches()) {
                throw ApiException.invalid("id", "must be one UUID");
            }
            target.replacePath(function.collection() + "/" + ids.get(0));
        } else {
            if (!function.withoutId().contains(method)) {
                throw ApiException.invalid("id", "is required: " + method + " " + PREFIX + name + "?id=<uuid>");
            }
            target.replacePath(function.collection());
        }
        request.setRequestUri(request.getUriInfo().getBaseUri(), target.build());
    }
}
