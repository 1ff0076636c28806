package io.pagewire.protocol.text;

import java.util.Objects;

/**
 * A portal through which a target can be reached, as reported in SendTargets answers.
 *
 * @param host                 IP literal or DNS name; IPv6 without brackets
 * @param port                 TCP port
 * @param portalGroupTag       the portal group the portal belongs to (0..65535)
 */
public record TargetPortal(String host, int port, int portalGroupTag) {
    public TargetPortal {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("empty host");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port);
        }
        if (portalGroupTag < 0 || portalGroupTag > 65535) {
            throw new IllegalArgumentException("portalGroupTag " + portalGroupTag);
        }
    }

    /** The TargetAddress value, RFC 7143 §13.8: {@code host:port,tag}, IPv6 in brackets. */
    public String targetAddress() {
        String address = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return address + ":" + port + "," + portalGroupTag;
    }
}
