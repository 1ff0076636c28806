package io.pagewire.actors.config;

/** Where a logical unit keeps its blocks. */
public enum Backend {
    FILE, MEMORY, NULL
}
