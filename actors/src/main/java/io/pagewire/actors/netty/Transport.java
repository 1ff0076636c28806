package io.pagewire.actors.netty;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.pagewire.actors.config.TransportKind;

/** The socket transport in use: native epoll where it loads, else NIO; and why. */
public record Transport(String name, IoHandlerFactory ioHandlerFactory, Class<? extends ServerChannel> serverChannel,
                        Class<? extends SocketChannel> clientChannel, String reason) {

    public static Transport select(TransportKind kind) {
        return switch (kind) {
            case NIO -> nio("configured");
            case EPOLL -> {
                if (!Epoll.isAvailable()) {
                    throw new IllegalStateException("transport = epoll but native epoll is unavailable: "
                            + Epoll.unavailabilityCause());
                }
                yield epoll("configured");
            }
            case AUTO -> Epoll.isAvailable() ? epoll("auto: native epoll loaded")
                    : nio("auto: native epoll unavailable (" + Epoll.unavailabilityCause() + ")");
        };
    }

    private static Transport epoll(String reason) {
        return new Transport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class,
                EpollSocketChannel.class, reason);
    }

    private static Transport nio(String reason) {
        return new Transport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class,
                NioSocketChannel.class, reason);
    }

    public EventLoopGroup newGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, ioHandlerFactory);
    }
}
