package it;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Server-Sent Events read from a whole response body (comments skipped, multi-line data joined). */
final class Sse {

    record Event(String name, JsonNode data) {
    }

    private Sse() {
    }

    static List<Event> parse(String body) {
        List<Event> events = new ArrayList<>();
        String name = "message";
        StringBuilder data = null;
        for (String line : body.split("\n", -1)) {
            if (line.isEmpty()) {
                if (data != null) {
                    events.add(new Event(name, Api.parseObject(data.toString())));
                }
                name = "message";
                data = null;
            } else if (line.startsWith(":")) {
                continue;
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
