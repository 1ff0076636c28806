package io.pagewire.actors.config;

import io.pagewire.protocol.login.ChapCredentials;

/**
 * Authentication of discovery sessions ({@code pagewire.discovery}); both null: none.
 *
 * @param chap       what a discovering initiator must prove
 * @param mutualChap what the target proves when challenged
 */
public record DiscoveryAuth(ChapCredentials chap, ChapCredentials mutualChap) {
}
