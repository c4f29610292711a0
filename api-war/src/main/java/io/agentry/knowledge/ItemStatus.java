package io.agentry.knowledge;

import io.agentry.http.WireEnum;

/** Ingestion state of an item: pending → processing → ready | failed. */
public enum ItemStatus implements WireEnum {
    PENDING, PROCESSING, READY, FAILED;

    @Override
    public String wire() {
        return name().toLowerCase();
    }
}
