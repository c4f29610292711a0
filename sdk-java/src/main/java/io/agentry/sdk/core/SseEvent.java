package io.agentry.sdk.core;

/**
 * One server-sent event as the WHATWG event-stream format defines it.
 *
 * @param event the {@code event:} field, {@code "message"} when the server sent none
 * @param data  the {@code data:} lines joined with {@code \n}
 * @param id    the last event id seen on the stream so far, or null
 * @param retry the last {@code retry:} value in milliseconds, or null
 */
public record SseEvent(String event, String data, String id, Long retry) {
}
