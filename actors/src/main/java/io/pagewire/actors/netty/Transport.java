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
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.pagewire.actors.config.TransportKind;

/**
 * The socket transport in use and why: io_uring where the kernel and Netty offer it, else native
 * epoll where it loads, else NIO. Only io_uring can send Data-In payloads as zero-copy sends.
 */
public record Transport(String name, IoHandlerFactory ioHandlerFactory, Class<? extends ServerChannel> serverChannel,
                        Class<? extends SocketChannel> clientChannel, String reason) {

    public static Transport select(TransportKind kind) {
        return switch (kind) {
            case NIO -> nio("configured");
            case IO_URING -> {
                if (!IoUring.isAvailable()) {
                    throw new IllegalStateException("transport = io_uring but io_uring is unavailable: "
                            + IoUring.unavailabilityCause());
                }
                yield ioUring("configured");
            }
            case EPOLL -> {
                if (!Epoll.isAvailable()) {
                    throw new IllegalStateException("transport = epoll but native epoll is unavailable: "
                            + Epoll.unavailabilityCause());
                }
                yield epoll("configured");
            }
            case AUTO -> auto();
        };
    }

    /**
     * Native epoll first, for now: with io_uring, a connection reset in the middle of a solicited
     * Data-Out burst sometimes left the WRITE's pages leased (HostileInputTest, about one run in
     * two). io_uring stays available when configured, and runs the ownership invariant tests, until
     * that is understood.
     */
    private static Transport auto() {
        if (Epoll.isAvailable()) {
            return epoll("auto: native epoll loaded (io_uring only when configured)");
        }
        if (IoUring.isAvailable()) {
            return ioUring("auto: native epoll unavailable (" + Epoll.unavailabilityCause() + "), io_uring available");
        }
        return nio("auto: native epoll unavailable (" + Epoll.unavailabilityCause() + "), io_uring unavailable ("
                + IoUring.unavailabilityCause() + ")");
    }

    private static Transport ioUring(String reason) {
        return new Transport("io_uring", IoUringIoHandler.newFactory(), IoUringServerSocketChannel.class,
                IoUringSocketChannel.class, reason);
    }

    /** Whether connections of this transport can send zero-copy (IORING_OP_SEND_ZC / SENDMSG_ZC). */
    public boolean zeroCopyCapable() {
        return clientChannel == IoUringSocketChannel.class;
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
