package io.agentry.sdk.chat;

public record TokenUsage(int promptTokens, int completionTokens, int totalTokens) {
}
