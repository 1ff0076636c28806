package io.pagewire.actors.config;

/**
 * When Data-In payloads go out as zero-copy sends (io_uring only): {@code AUTO} for peers on other
 * hosts, {@code ALWAYS} also for peers on this host, {@code NEVER} not at all.
 */
public enum ZeroCopyMode {
    AUTO, ALWAYS, NEVER
}
