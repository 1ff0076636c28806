package io.pagewire.actors.config;

/** {@code pagewire.limits}: @param maxSessions sessions (normal and discovery) this node takes at once */
public record Limits(int maxSessions) {
}
