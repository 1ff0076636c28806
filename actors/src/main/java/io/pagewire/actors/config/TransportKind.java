package io.pagewire.actors.config;

/** Which Netty socket transport the listeners use. */
public enum TransportKind {
    AUTO, IO_URING, EPOLL, NIO
}
