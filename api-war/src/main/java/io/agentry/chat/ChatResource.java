package io.agentry.chat;

import io.agentry.http.Ids;
import io.agentry.http.JsonInput;
import io.agentry.http.OrganizationSlots;
import io.agentry.http.auth.Caller;
import io.agentry.http.auth.Scoped;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@ApplicationScoped
@Path("api/v1/chat")
@Scoped("chat")
@Tag(name = "Chat")
@APIResponse(ref = "Unauthorized")
@APIResponse(ref = "Forbidden")
@APIResponse(ref = "RateLimited")
public class ChatResource {

    @Inject
    ChatSlots slots;

    static final String EVENT_STREAM_DOC = "With stream: true, Server-Sent Events: `message_start` {conversation_id, "
            + "user_message_id, agent_id, provider, model}; `delta` {text} per piece of the reply; `tool_call` {id, name, "
            + "arguments} and `tool_result` {id, name, citations} around each tool call; then either `message_end` "
            + "{message_id, conversation_id, usage, citations, tool_calls} or `error` {code, message, status, message_id, "
            + "conversation_id}. Comment lines (one opens the stream; `: keep-alive` on idle connections) carry no "
            + "event. A client that disconnects stops the generation; the partial reply is kept with status cancelled. "
            + "A conversation deleted while the agent answers ends the chat with 409 conflict (an error event when "
            + "streamed); nothing more is stored.";

    @Inject
    ChatService chat;

    @Context
    SecurityContext security;

    @Schema(name = "ChatInput")
    public record ChatInputSchema(
            @Schema(required = true, maxLength = 100000, example = "Hello, agent!") String message,
            @Schema(description = "Continue this conversation (the same agent's); a new one starts when left out") String conversationId,
            @Schema(defaultValue = "false", description = "Answer as Server-Sent Events") Boolean stream,
            @Schema(defaultValue = "true", description = "false: answer 202 at once; the reply is stored in the conversation") Boolean sync,
            @Schema(description = "Answer 202 at once and POST the reply here, signed (X-Agentry-Signature)") String webhookUrl,
            @Schema(type = SchemaType.OBJECT, description = "Stored with both messages and echoed in the reply") Map<String, Object> metadata,
            @Schema(description = "Text attachments {type: text, name?, content} and URL references {type: url, name?, url}")
            List<Map<String, String>> attachments) {
    }

    @POST
    @Path("{agentId}")
    @Produces({MediaType.APPLICATION_JSON, MediaType.SERVER_SENT_EVENTS})
    @Operation(operationId = "chat", summary = "Send a message to an agent", description = EVENT_STREAM_DOC)
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = ChatInputSchema.class)))
    @APIResponse(responseCode = "200", description = "The reply (or, with stream: true, an event stream)", content = {
            @Content(mediaType = "application/json", schema = @Schema(implementation = ChatReply.class)),
            @Content(mediaType = "text/event-stream", schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "202", description = "Accepted: answered later (sync: false or webhook_url)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ChatAccepted.class)))
    @APIResponse(ref = "BadRequest")
    @APIResponse(ref = "NotFound")
    @APIResponse(ref = "Conflict")
    @APIResponse(responseCode = "502", description = "The model provider failed; the message is kept with a failed reply",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "Error")))
    @APIResponse(responseCode = "504", description = "The model provider did not answer in time; the message is kept",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "Error")))
    @APIResponse(responseCode = "503", description = "The agent's provider has no key (provider_not_configured), or a "
            + "webhook_url was given and the server has no signing secret (webhooks_not_configured); nothing is stored",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "Error")))
    public Response chat(@PathParam("agentId") String agentId, InputStream body) {
        Caller caller = Caller.of(security);
        ChatInput input = ChatInput.parse(JsonInput.read(body));
        if (!input.sync()) { // a job answers it: the engine's workers bound those
            ChatService.Started started = chat.start(caller, Ids.parse("agentId", agentId), input);
            return Response.accepted(chat.answerLater(started)).type(MediaType.APPLICATION_JSON_TYPE).build();
        }
        OrganizationSlots.Slot slot = slots.take(caller.organizationId());
        try {
            ChatService.Started started = chat.start(caller, Ids.parse("agentId", agentId), input);
            if (input.stream()) {
                StreamingOutput events = out -> {
                    try (slot) {
                        chat.stream(started, out);
                    }
                };
                Response streaming = Response.ok(events, MediaType.SERVER_SENT_EVENTS_TYPE)
                        .header("Cache-Control", "no-cache")
                        .header("X-Accel-Buffering", "no") // no proxy buffering in front of a stream
                        .build();
                return streaming; // the stream gives the slot back when it ends
            }
            try (slot) {
                return Response.ok(chat.reply(started), MediaType.APPLICATION_JSON_TYPE).build();
            }
        } catch (RuntimeException e) {
            slot.close();
            throw e;
        }
    }
}
