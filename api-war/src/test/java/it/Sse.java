package it;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Server-Sent Events read from a whole response body (comments skipped, multi-line data joined). */
final class Sse {

    /** One event; {@code id} as sent (null when it had none). */
    record Event(String name, JsonNode data, String id) {
    }

    private Sse() {
    }

    static List<Event> parse(String body) {
        List<Event> events = new ArrayList<>();
        String name = "message";
        String id = null;
        StringBuilder data = null;
        for (String line : body.split("\n", -1)) {
            if (line.isEmpty()) {
                if (data != null) {
                    events.add(new Event(name, Api.parseObject(data.toString()), id));
                }
                name = "message";
                id = null;
                data = null;
            } else if (line.startsWith(":")) {
                continue;
            } else if (line.startsWith("id:")) {
                id = line.substring(3).trim();
            } else if (line.startsWith("event:")) {
                name = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                String value = line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5);
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            }
        }
        return events;
    }

    static List<String> names(List<Event> events) {
        return events.stream().map(Event::name).toList();
    }

    static String text(List<Event> events) {
        StringBuilder sb = new StringBuilder();
        events.stream().filter(e -> e.name().equals("delta")).forEach(e -> sb.append(e.data().path("text").asText()));
        return sb.toString();
    }
}
