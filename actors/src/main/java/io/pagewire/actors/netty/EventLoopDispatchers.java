package io.pagewire.actors.netty;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.dispatch.DispatcherPrerequisites;
import org.apache.pekko.dispatch.ExecutorServiceConfigurator;
import org.apache.pekko.dispatch.ExecutorServiceFactory;

/**
 * Pekko dispatchers that run actors on Netty's event loops, one dispatcher per loop. A Session
 * actor spawned on its channel's loop gets its PDUs without a thread hop (the decoder's tell only
 * queues a task on the loop it runs on) and writes its channel directly instead of handing every
 * write to the loop: at queue depth 1 each of those hops cost 15-30 µs of wake-up latency here.
 * Actors on a loop must never block it; a session only computes and sends messages.
 *
 * <p>One instance per server: its dispatchers' config ({@link #config()}) goes into that server's
 * actor system, its worker group is {@link #attach attached} once created. A task that a loop
 * refuses (the group is shutting down) runs on the common pool, so no message is lost at shutdown.
 */
public final class EventLoopDispatchers {
    private static final Map<String, EventLoopDispatchers> BY_ID = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();
    private final int loops;
    private volatile List<EventLoop> group = List.of();

    /** Dispatchers for a worker group of {@code loops} event loops. */
    public EventLoopDispatchers(int loops) {
        if (loops < 1) {
            throw new IllegalArgumentException("loops must be at least 1, got " + loops);
        }
        this.loops = loops;
        BY_ID.put(id, this);
    }

    /** The dispatchers' settings, to go under the actor system's config. */
    public Config config() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < loops; i++) {
            b.append(path(i)).append(" { type = Dispatcher, executor = \"").append(Configurator.class.getName())
                    .append("\", dispatchers-id = \"").append(id).append("\", loop-index = ").append(i).append(" }\n");
        }
        return ConfigFactory.parseString(b.toString());
    }

    /** The worker group whose loops the dispatchers run on; it has the loop count given at construction. */
    public void attach(EventLoopGroup workers) {
        List<EventLoop> list = new ArrayList<>();
        for (EventExecutor executor : workers) {
            list.add((EventLoop) executor);
        }
        if (list.size() != loops) {
            throw new IllegalArgumentException("expected " + loops + " event loops, the group has " + list.size());
        }
        group = List.copyOf(list);
    }

    /** The dispatcher (config path) of actors that belong on {@code loop}, or null if it is not one of the group's. */
    public String dispatcherOf(EventLoop loop) {
        int index = group.indexOf(loop);
        return index < 0 ? null : path(index);
    }

    /** Forgets this instance (the actor system that used it has terminated). */
    public void close() {
        BY_ID.remove(id);
    }

    private String path(int index) {
        return "pagewire.event-loop-dispatchers.d" + id.replace("-", "") + ".loop-" + index;
    }

    private void execute(int index, Runnable task) {
        List<EventLoop> loopsNow = group;
        if (index < loopsNow.size()) {
            try {
                loopsNow.get(index).execute(task);
                return;
            } catch (RejectedExecutionException shuttingDown) {
                // fall through
            }
        }
        ForkJoinPool.commonPool().execute(task);
    }

    /** Named in the dispatchers' config; Pekko creates it with the dispatcher's config section. */
    public static final class Configurator extends ExecutorServiceConfigurator {
        private final String dispatchersId;
        private final int index;

        public Configurator(Config config, DispatcherPrerequisites prerequisites) {
            super(config, prerequisites);
            this.dispatchersId = config.getString("dispatchers-id");
            this.index = config.getInt("loop-index");
        }

        @Override
        public ExecutorServiceFactory createExecutorServiceFactory(String id, ThreadFactory threadFactory) {
            EventLoopDispatchers owner = BY_ID.get(dispatchersId);
            if (owner == null) {
                throw new IllegalStateException("no event-loop dispatchers " + dispatchersId);
            }
            return () -> new OnLoop(owner, index);
        }
    }

    /** Pekko's view of one loop. Shutting it down stops nothing: Netty's group owns the loop. */
    private static final class OnLoop extends AbstractExecutorService {
        private final EventLoopDispatchers owner;
        private final int index;
        private volatile boolean shutdown;

        OnLoop(EventLoopDispatchers owner, int index) {
            this.owner = owner;
            this.index = index;
        }

        @Override
        public void execute(Runnable command) {
            owner.execute(index, command);
        }

        @Override
        public void shutdown() {
            shutdown = true;
        }

        @Override
        public List<Runnable> shutdownNow() {
            shutdown = true;
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return shutdown;
        }

        @Override
        public boolean isTerminated() {
            return shutdown;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }
}
