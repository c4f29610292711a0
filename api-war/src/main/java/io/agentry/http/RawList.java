package io.agentry.http;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;

/** A v1 list response: the bare JSON array of a page's items. */
public record RawList(@JsonValue List<?> items) implements JsonBody {
}
