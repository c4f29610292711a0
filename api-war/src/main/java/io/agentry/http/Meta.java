package io.agentry.http;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Meta", description = "Response metadata of the v2 envelope")
public record Meta(
        @Schema(example = "2") int apiVersion,
        @Schema(example = "req_4f1c2a9e0b7d3c55a1e2f0b9") String requestId,
        @Schema(example = "2026-03-13T10:00:00.000Z") String timestamp) {
}
