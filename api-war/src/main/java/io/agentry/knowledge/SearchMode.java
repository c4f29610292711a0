package io.agentry.knowledge;

import io.agentry.http.WireEnum;

/** How a query ranks chunks. Hybrid (the default) fuses the semantic and keyword rankings. */
public enum SearchMode implements WireEnum {
    SEMANTIC, KEYWORD, HYBRID;

    @Override
    public String wire() {
        return name().toLowerCase();
    }
}
