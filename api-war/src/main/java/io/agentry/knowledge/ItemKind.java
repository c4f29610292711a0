package io.agentry.knowledge;

import io.agentry.http.WireEnum;

/** What an item holds: free text, a question with its answer, or an uploaded file. */
public enum ItemKind implements WireEnum {
    TEXT, FAQ, FILE;

    @Override
    public String wire() {
        return name().toLowerCase();
    }
}
