package io.agentry.http;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Anything not mapped elsewhere. An {@link ApiException} wrapped by a container layer (CDI
 * interceptors, transactions) is unwrapped and rendered as itself; the rest is a logged 500 that
 * tells the client only the request id.
 */
@Provider
public class FallbackExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(FallbackExceptionMapper.class.getName());

    @Override
    public Response toResponse(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ApiException api) {
                return ApiExceptionMapper.render(api);
            }
            if (t instanceof jakarta.ws.rs.WebApplicationException web) {
                return new WebApplicationExceptionMapper().toResponse(web);
            }
            if (t instanceof jakarta.persistence.OptimisticLockException) {
                return ApiExceptionMapper.render(ApiException.conflict(
                        "the resource was changed by a concurrent request; read it again and retry"));
            }
        }
        if (io.agentry.db.SqlErrors.isUniqueViolation(e)) {
            // Two requests created the same thing at once; the loser learns it, nothing is half-done.
            return ApiExceptionMapper.render(ApiException.conflict("a concurrent request created the same resource; "
                    + "read it again before retrying"));
        }
        if (io.agentry.db.SqlErrors.isUnavailable(e)) {
            // A restart or failover of the database: the client retries; one line, not a stack trace.
            LOG.warning(() -> "Database unavailable: " + rootMessage(e));
            return ApiExceptionMapper.render(ApiException.databaseUnavailable());
        }
        String incident = RequestIds.next().replace("req_", "inc_");
        LOG.log(Level.SEVERE, "Unhandled error, incident " + incident, e);
        return ApiExceptionMapper.render(new ApiException(500, "internal_error",
                "internal server error (incident " + incident + ")"));
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
