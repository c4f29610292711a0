package io.agentry.http;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Gives the framework's own errors (unknown path, wrong method, bad media type) our error shape. */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException e) {
        Response original = e.getResponse();
        int status = original == null ? 500 : original.getStatus();
        ApiException mapped = switch (status) {
            case 400 -> ApiException.badRequest("the request could not be read: " + safe(e));
            case 401 -> ApiException.unauthorized("missing or invalid credentials");
            case 403 -> ApiException.forbidden("not allowed");
            case 404 -> ApiException.notFound("no such resource or endpoint");
            case 405 -> new ApiException(405, "method_not_allowed", "HTTP method not supported on this endpoint");
            case 406 -> new ApiException(406, "not_acceptable", "this endpoint produces application/json");
            case 413 -> ApiException.payloadTooLarge("request body too large");
            case 415 -> new ApiException(415, "unsupported_media_type", "unsupported Content-Type");
            default -> status >= 500
                    ? new ApiException(500, "internal_error", "internal server error")
                    : new ApiException(status, "bad_request", safe(e));
        };
        Response response = ApiExceptionMapper.render(mapped);
        if (status == 405 && original != null && original.getHeaderString("Allow") != null) {
            return Response.fromResponse(response).header("Allow", original.getHeaderString("Allow")).build();
        }
        return response;
    }

    private static String safe(WebApplicationException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? "invalid request" : message;
    }
}
