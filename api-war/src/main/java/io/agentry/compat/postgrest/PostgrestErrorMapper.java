package io.agentry.compat.postgrest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Renders the adapter's own errors whole (details and hint included). */
@Provider
public class PostgrestErrorMapper implements ExceptionMapper<PostgrestError.Raised> {

    @Override
    public Response toResponse(PostgrestError.Raised e) {
        Response.ResponseBuilder response = Response.status(e.status())
                .type(MediaType.APPLICATION_JSON_TYPE.withCharset("utf-8"))
                .entity(e.error.json());
        if (e.allow != null) {
            response.header("Allow", e.allow);
        }
        return response.build();
    }
}
